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
 * @param modelId      the model the job's checkpoints are versions of; null: {@code {architecture}-{datasetId}}.
 *                     An experiment names one per seed and control, so that no two of its jobs share a model
 */
public record TrainingSpec(
        @JsonUnwrapped Hyperparameters hyperparameters,
        List<String> evaluateOn,
        String experimentId,
        String modelId) {

    public TrainingSpec {
        hyperparameters = hyperparameters == null ? Hyperparameters.UNSET : hyperparameters;
    }

    public TrainingSpec(Hyperparameters hyperparameters, List<String> evaluateOn, String experimentId) {
        this(hyperparameters, evaluateOn, experimentId, null);
    }

    /** An entry that leaves everything to the trainer's defaults. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(Hyperparameters.UNSET, null, null);
    }
}
