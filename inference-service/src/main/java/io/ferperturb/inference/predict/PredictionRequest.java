package io.ferperturb.inference.predict;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import java.util.List;
import java.util.Objects;

/**
 * One prediction asked for: what to classify, which model(s) answer, and how. {@link PredictionPipeline#predict}
 * takes it for {@code POST /predict}, {@code POST /v2/models/{model}/infer} and the benchmark alike.
 *
 * @param input   image files (faces found in each) or normalised face tensors
 * @param model   the model or ensemble that answers
 * @param options how faces are found in images, and whether to sum over the cluster-masked copies
 */
public record PredictionRequest(Input input, ModelRef model, Options options) {

    public PredictionRequest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        if (options.tta() && input instanceof Faces) {
            throw new InvalidRequestException("tta applies to images (BYTES input or POST /predict), not to FP32 tensors");
        }
    }

    /** One image file, as {@code POST /predict} sends it. */
    public static PredictionRequest ofImage(byte[] file, ModelRef model, Options options) {
        return new PredictionRequest(new Images(List.of(file == null ? new byte[0] : file)), model, options);
    }

    /** What a prediction classifies. */
    public sealed interface Input permits Images, Faces {
    }

    /** Encoded image files (PNG, JPEG, BMP, GIF), answered one after another, faces in each found by the options. */
    public record Images(List<byte[]> files) implements Input {
        public Images {
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("a prediction needs at least one image");
            }
        }
    }

    /**
     * {@code count} model inputs of {@code side × side}, already normalised, flat: they go to the model(s) as they
     * are (no face finding, no ten-crop), so {@code side} must be the models' input side.
     */
    public record Faces(float[] values, int count, int side) implements Input {
        public Faces {
            if (count < 1 || side < 1 || values.length != count * side * side) {
                throw new IllegalArgumentException(count + " inputs of " + side + "×" + side + " do not make "
                        + values.length + " values");
            }
        }
    }

    /**
     * {@code faces}: detect faces in images, or take each whole image as one; {@code tta}: test-time augmentation;
     * {@code detector}: which face detector, null for the server's default.
     */
    public record Options(FaceFinder.Mode faces, boolean tta, FaceDetector.Kind detector) {
        public static final Options DEFAULT = new Options(FaceFinder.Mode.AUTO, false);

        public Options {
            Objects.requireNonNull(faces, "faces");
        }

        /** With the server's default detector. */
        public Options(FaceFinder.Mode faces, boolean tta) {
            this(faces, tta, null);
        }
    }
}
