package io.ferperturb.inference.predict;

import java.util.List;

/**
 * What a prediction answers: the model that answered, and a row per face (per input tensor for {@link
 * PredictionRequest.Faces}) in input order.
 *
 * @param model     the model's id, or the ensemble's canonical name
 * @param version   the single model's version; 0 for an ensemble
 * @param members   {@code id:version} of an ensemble's members; null for a single model
 * @param classes   the class names, in the order of every row's logits
 * @param faces     one row per face found (per tensor)
 * @param latencyNanos from the request's start to its answer
 */
public record PredictionResult(String model, int version, List<String> members, List<String> classes,
        List<ScoredFace> faces, long latencyNanos) {

    /**
     * One face's answer.
     *
     * @param image         the index of its image in the request (of its tensor, for tensors)
     * @param box           {@code [x, y, w, h]} in its image; null for tensors
     * @param logits        summed over the ensemble's members and, with tta, the masked copies
     * @param probabilities softmax of the logits
     * @param emotion       the most probable class
     */
    public record ScoredFace(int image, int[] box, float[] logits, float[] probabilities, String emotion) {
    }
}
