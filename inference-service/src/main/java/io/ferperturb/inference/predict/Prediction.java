package io.ferperturb.inference.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /predict}. {@code message} explains an empty {@code faces}; {@code members} lists an
 * ensemble's models ({@code id:version}), whose {@code version} is 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String model, int version, List<Face> faces, String message, double latencyMs,
        List<String> members, Boolean tta) {
    static final String NO_FACE = "no face was found in the image; send a photo with a frontal face, a face crop, "
            + "or faces=none to classify the whole image as one face";

    /** One face: its box in the image ({@code [x, y, w, h]}), the top emotion and all probabilities. */
    public record Face(int[] box, String emotion, Map<String, Double> probabilities) {
    }

    /** The answer for a one-image request; {@code tta} echoes the option when it was asked for. */
    public static Prediction of(PredictionResult result, boolean tta) {
        List<Face> faces = result.faces().stream().map(f -> new Face(f.box(), f.emotion(),
                byClass(f.probabilities(), result.classes()))).toList();
        return new Prediction(result.model(), result.version(), faces, faces.isEmpty() ? NO_FACE : null,
                result.latencyNanos() / 1e6, result.members(), tta ? Boolean.TRUE : null);
    }

    /** Class name to probability, in the classes' order. */
    public static Map<String, Double> byClass(float[] probabilities, List<String> classes) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            out.put(classes.get(c), (double) probabilities[c]);
        }
        return out;
    }
}
