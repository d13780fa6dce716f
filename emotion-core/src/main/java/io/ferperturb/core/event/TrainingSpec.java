package io.ferperturb.core.event;

import java.util.List;

/**
 * One training job asked for by a {@code dataset-ready} event. Null fields take the trainer's
 * configured defaults.
 *
 * @param evaluateOn   extra datasets whose test splits the final model is also evaluated on
 * @param experimentId set by the perturb-service so that results find their experiment
 */
public record TrainingSpec(
        String architecture,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Long seed,
        List<String> evaluateOn,
        String experimentId) {

    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null, null, null, null);
    }
}
