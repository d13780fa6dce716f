package io.ferperturb.inference.predict;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /predict}. */
public record Prediction(String model, int version, List<Face> faces, String message, double latencyMs) {

    /** One face: its box in the image ({@code [x, y, w, h]}), the top emotion and all probabilities. */
    public record Face(int[] box, String emotion, Map<String, Double> probabilities) {
    }
}
