package io.ferperturb.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.LimitExceededException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks an input tensor's shape against its data and reads the data (flat or nested JSON arrays). A shape that
 * is not one (null, missing or non-positive dimensions, a side no model has) is a 400; a well-formed one asking for
 * more than {@code fer.inference.limits.*} allows is a 413. Both are decided from the shape, before any array is
 * allocated, in {@code long} arithmetic on bounded factors, so no product overflows.
 */
final class TensorReader {
    /** Largest input side read at all; models take 48 (or their crop size). */
    static final int MAX_SIDE = 512;
    static final String MAX_INPUTS_SETTING = "fer.inference.limits.max-tensor-inputs";
    static final String MAX_IMAGES_SETTING = "fer.inference.limits.max-images-per-request";

    private final int maxInputs;
    private final int maxImages;

    TensorReader(InferenceConfig.Limits limits) {
        this(limits.maxTensorInputs(), limits.maxImagesPerRequest());
    }

    TensorReader(int maxInputs, int maxImages) {
        this.maxInputs = maxInputs;
        this.maxImages = maxImages;
    }

    /**
     * An {@code FP32 [N, 1, side, side]} tensor as model inputs; whether {@code side} is the model's own is for the
     * model to say. At most {@code maxInputs} inputs, and no more values than that many 48×48 faces.
     */
    PredictionRequest.Faces fp32(InferRequest.Input input) {
        String form = "an FP32 input has shape [N, 1, side, side], e.g. [N, 1, 48, 48]";
        long[] shape = dimensions(input.shape(), 4, 4, form);
        if (shape[1] != 1 || shape[2] != shape[3] || shape[2] > MAX_SIDE) {
            throw new InvalidRequestException(form + " with one channel and a square side of at most " + MAX_SIDE
                    + ", not " + input.shape());
        }
        LimitExceededException.check("FP32 inputs", shape[0], maxInputs, MAX_INPUTS_SETTING);
        long expected = shape[0] * shape[2] * shape[3]; // at most maxInputs × 512²: no overflow
        LimitExceededException.check("FP32 values", expected, (long) maxInputs * FaceImage.PIXELS, MAX_INPUTS_SETTING);
        int count = (int) shape[0];
        int side = (int) shape[2];
        float[] values = new float[(int) expected];
        int n = flatten(input.data(), values, 0, (int) expected, "FP32");
        if (n != expected) {
            throw new InvalidRequestException("shape " + input.shape() + " needs " + expected + " values, the data holds " + n);
        }
        return new PredictionRequest.Faces(values, count, side);
    }

    /** A {@code BYTES [N]} tensor of base64-encoded image files. */
    List<byte[]> images(InferRequest.Input input) {
        String form = "a BYTES input has shape [N] (or [N, 1]), N images";
        long[] shape = dimensions(input.shape(), 1, 2, form);
        if (shape.length == 2 && shape[1] != 1) {
            throw new InvalidRequestException(form + ", not " + input.shape());
        }
        LimitExceededException.check("images", shape[0], maxImages, MAX_IMAGES_SETTING);
        int announced = (int) shape[0];
        List<String> strings = new ArrayList<>();
        collectStrings(input.data(), strings, announced);
        if (strings.size() != announced) {
            throw new InvalidRequestException("shape " + input.shape() + " announces " + announced + " images, the data holds "
                    + strings.size());
        }
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            try {
                images.add(Base64.getDecoder().decode(strings.get(i).replaceAll("\\s", "")));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("image " + i + " of the BYTES input is not base64: " + e.getMessage());
            }
        }
        return images;
    }

    /** The shape's dimensions, each present and positive, {@code min} to {@code max} of them. */
    private static long[] dimensions(List<Long> shape, int min, int max, String form) {
        if (shape == null || shape.size() < min || shape.size() > max) {
            throw new InvalidRequestException(form + ", not " + (shape == null ? "no shape" : shape));
        }
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            Long d = shape.get(i);
            if (d == null || d < 1) {
                throw new InvalidRequestException(form + ": every dimension is a positive whole number, not " + shape);
            }
            out[i] = d;
        }
        return out;
    }

    private static int flatten(JsonNode node, float[] out, int at, int limit, String type) {
        if (node == null || !node.isArray()) {
            throw new InvalidRequestException("an " + type + " input's data is a JSON array of numbers");
        }
        for (JsonNode element : node) {
            if (element.isArray()) {
                at = flatten(element, out, at, limit, type);
            } else if (element.isNumber()) {
                double v = element.asDouble();
                if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                    throw new InvalidRequestException("value " + element + " at position " + at + " is not a finite float");
                }
                if (at < limit) {
                    out[at] = (float) v;
                }
                at++;
            } else {
                throw new InvalidRequestException("an " + type + " input's data holds only numbers, found "
                        + element.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " at position " + at);
            }
            if (at > limit) {
                throw new InvalidRequestException("the data holds more values than its shape announces (" + limit + ")");
            }
        }
        return at;
    }

    private static void collectStrings(JsonNode node, List<String> out, int announced) {
        if (node == null || !node.isArray()) {
            throw new InvalidRequestException("a BYTES input's data is a JSON array of base64 strings");
        }
        for (JsonNode element : node) {
            if (element.isArray()) {
                collectStrings(element, out, announced);
            } else if (element.isTextual()) {
                out.add(element.asText());
            } else {
                throw new InvalidRequestException("a BYTES input's data holds base64 strings, found "
                        + element.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " at position " + out.size());
            }
            if (out.size() > announced) {
                throw new InvalidRequestException("the data holds more images than its shape announces (" + announced + ")");
            }
        }
    }
}
