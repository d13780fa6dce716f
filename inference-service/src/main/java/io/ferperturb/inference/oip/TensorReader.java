package io.ferperturb.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.serving.InvalidRequestException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Checks an input tensor's shape against its data and reads the data (flat or nested JSON arrays). */
final class TensorReader {
    /** Most inputs in one FP32 tensor. */
    static final int MAX_INPUTS = 1024;
    /** Most values in one FP32 tensor: {@link #MAX_INPUTS} faces of 48×48 (the memory a request may claim). */
    static final int MAX_VALUES = MAX_INPUTS * FaceImage.PIXELS;
    /** Most images in one BYTES tensor. */
    static final int MAX_IMAGES = 64;

    private TensorReader() {
    }

    /**
     * An {@code FP32 [N, 1, side, side]} tensor as model inputs; whether {@code side} is the model's own is for the
     * model to say. At most {@value #MAX_INPUTS} inputs, and no more values than that many 48×48 faces.
     */
    static PredictionRequest.Faces fp32(InferRequest.Input input) {
        List<Long> shape = input.shape();
        if (shape == null || shape.size() != 4 || shape.get(1) != 1 || !shape.get(2).equals(shape.get(3))
                || shape.get(0) < 1 || shape.get(0) > MAX_INPUTS || shape.get(2) < 1 || shape.get(2) > MAX_VALUES
                || shape.get(0) * shape.get(2) * shape.get(3) > MAX_VALUES) {
            throw new InvalidRequestException("an FP32 input has shape [N, 1, side, side] (e.g. [N, 1, 48, 48]) with N "
                    + "from 1 to " + MAX_INPUTS + " and at most " + MAX_VALUES + " values, not " + shape);
        }
        int count = shape.get(0).intValue();
        int side = shape.get(2).intValue();
        int expected = count * side * side;
        float[] values = new float[expected];
        int n = flatten(input.data(), values, 0, expected, "FP32");
        if (n != expected) {
            throw new InvalidRequestException("shape " + shape + " needs " + expected + " values, the data holds " + n);
        }
        return new PredictionRequest.Faces(values, count, side);
    }

    /** A {@code BYTES [N]} tensor of base64-encoded image files. */
    static List<byte[]> images(InferRequest.Input input) {
        List<Long> shape = input.shape();
        if (shape == null || shape.isEmpty() || shape.size() > 2 || shape.get(0) < 1 || shape.get(0) > MAX_IMAGES
                || shape.size() == 2 && shape.get(1) != 1) {
            throw new InvalidRequestException("a BYTES input has shape [N] (or [N, 1]) with N from 1 to " + MAX_IMAGES
                    + " images, not " + shape);
        }
        List<String> strings = new ArrayList<>();
        collectStrings(input.data(), strings);
        if (strings.size() != shape.get(0)) {
            throw new InvalidRequestException("shape " + shape + " announces " + shape.get(0) + " images, the data holds "
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
                throw new InvalidRequestException("an " + type + " input's data holds only numbers, found " + element.getNodeType());
            }
            if (at > limit) {
                throw new InvalidRequestException("the data holds more values than its shape announces (" + limit + ")");
            }
        }
        return at;
    }

    private static void collectStrings(JsonNode node, List<String> out) {
        if (node == null || !node.isArray()) {
            throw new InvalidRequestException("a BYTES input's data is a JSON array of base64 strings");
        }
        for (JsonNode element : node) {
            if (element.isArray()) {
                collectStrings(element, out);
            } else if (element.isTextual()) {
                out.add(element.asText());
            } else {
                throw new InvalidRequestException("a BYTES input's data holds base64 strings, found " + element.getNodeType());
            }
            if (out.size() > MAX_IMAGES) {
                throw new InvalidRequestException("at most " + MAX_IMAGES + " images per request");
            }
        }
    }
}
