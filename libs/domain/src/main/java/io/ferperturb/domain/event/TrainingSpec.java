package io.ferperturb.domain.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * One training job asked for by a {@code dataset-ready} event. Its hyperparameters are written flat in the
 * entry ({@code "architecture"}, {@code "epochs"}, … next to {@code "evaluateOn"}), as the contract shows;
 * null ones take the trainer's configured defaults.
 *
 * @param evaluateOn   extra datasets whose test splits the final model is also evaluated on
 * @param experimentId set by the perturb-service so that results find their experiment
 */
public record TrainingSpec(
        @JsonUnwrapped Hyperparameters hyperparameters,
        List<String> evaluateOn,
        String experimentId) {

    public TrainingSpec {
        hyperparameters = hyperparameters == null ? Hyperparameters.UNSET : hyperparameters;
    }

    /** An entry that leaves everything to the trainer's defaults. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(Hyperparameters.UNSET, null, null);
    }
}
