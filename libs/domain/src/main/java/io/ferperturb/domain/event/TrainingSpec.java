package io.ferperturb.domain.event;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.ferperturb.domain.ModelRef;
import java.util.List;

/**
 * One training job asked for by a {@code dataset-ready} event. Its hyperparameters are written flat in the
 * entry ({@code "architecture"}, {@code "epochs"}, … next to {@code "evaluateOn"}), as the contract shows;
 * null ones take the trainer's configured defaults.
 *
 * @param evaluateOn   extra datasets whose test splits the final model is also evaluated on
 * @param experimentId set by the perturb-service so that results find their experiment
 * @param modelId      the id the job's checkpoints are stored and served under; null for the trainer's
 *                     {@code {architecture}-{datasetId}}. Needed when one event trains the same architecture on the
 *                     same dataset several times (seeds), which would otherwise share one model id. A model id as
 *                     {@link ModelRef#MODEL_ID} has it (checked by {@link Events#parseDatasetReady}).
 */
public record TrainingSpec(
        @JsonUnwrapped Hyperparameters hyperparameters,
        List<String> evaluateOn,
        String experimentId,
        String modelId) {

    public TrainingSpec {
        hyperparameters = hyperparameters == null ? Hyperparameters.UNSET : hyperparameters;
    }

    /** An entry whose model is named {@code {architecture}-{datasetId}}. */
    public TrainingSpec(Hyperparameters hyperparameters, List<String> evaluateOn, String experimentId) {
        this(hyperparameters, evaluateOn, experimentId, null);
    }

    /** An entry that leaves everything to the trainer's defaults. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(Hyperparameters.UNSET, null, null, null);
    }

    /** This entry with its model stored and served as {@code id}. */
    public TrainingSpec withModelId(String id) {
        return new TrainingSpec(hyperparameters, evaluateOn, experimentId, id);
    }
}
