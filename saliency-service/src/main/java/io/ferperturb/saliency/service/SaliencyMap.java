package io.ferperturb.saliency.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ferperturb.models.saliency.DeletionScore;
import java.util.Map;

/**
 * One face's map, as {@code format=json} answers it.
 *
 * @param values width × height values in [0, 1], row by row (min-max scaled from the raw map)
 * @param rawMin the raw map's smallest value before scaling
 * @param rawMax the raw map's largest value before scaling
 * @param face the 48×48 face the map explains (for rendering; not in the JSON)
 */
public record SaliencyMap(
        String model,
        int version,
        String target,
        String predicted,
        Map<String, Double> probabilities,
        String method,
        int width,
        int height,
        float[] values,
        float rawMin,
        float rawMax,
        Deletion deletion,
        @JsonIgnore byte[] face) {

    /** The faithfulness score of this map (see {@link DeletionScore}). */
    public record Deletion(double fraction, double originalProbability, double salientDeletedProbability,
            double randomDeletedProbability, double salientDrop, double randomDrop, double score) {
        static Deletion of(DeletionScore.Result r) {
            return new Deletion(r.fraction(), r.originalProbability(), r.salientDeletedProbability(),
                    r.randomDeletedProbability(), r.salientDrop(), r.randomDrop(), r.score());
        }
    }
}
