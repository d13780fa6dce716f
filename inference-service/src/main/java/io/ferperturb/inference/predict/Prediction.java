package io.ferperturb.inference.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /predict}. {@code message} explains an empty {@code faces}; {@code members} lists an
 * ensemble's models ({@code id:version}), whose {@code version} is 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String model, int version, List<Face> faces, String message, double latencyMs,
        List<String> members, Boolean tta) {

    /** One face: its box in the image ({@code [x, y, w, h]}), the top emotion and all probabilities. */
    public record Face(int[] box, String emotion, Map<String, Double> probabilities) {
    }
}
