package io.ferperturb.trainer;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.event.TrainingSpec;
import java.util.List;

/**
 * One training job: a dataset-ready entry with every default filled in. Its hyperparameters are written
 * flat in the job's JSON (job records in S3, {@code GET /jobs}), next to the dataset fields.
 *
 * @param modelId         the entry's {@code modelId}, else {@code {architecture}-{datasetId}}; checkpoints go to
 *                        {@code models/{modelId}/v{n}/}
 * @param datasetSha256   the content digest the event names; the trainer trains only on that content
 * @param hyperparameters resolved: every field set but the crop (null: whole 48×48 faces)
 */
public record TrainingJob(
        String jobId,
        String eventId,
        String datasetId,
        String datasetUri,
        String datasetFormat,
        String datasetVariant,
        String parentDatasetId,
        String clusterMapUri,
        String modelId,
        String experimentId,
        List<String> evaluateOn,
        String datasetSha256,
        @JsonUnwrapped Hyperparameters hyperparameters) {

    /** Entry {@code index} of the event's {@link DatasetReady#trainingOrDefault() training}, over the trainer's defaults. */
    public static TrainingJob of(DatasetReady event, int index, Hyperparameters defaults) {
        TrainingSpec spec = event.trainingOrDefault().get(index);
        Hyperparameters resolved = spec.hyperparameters().over(defaults);
        String clusterMap = event.perturbation() == null ? null : event.perturbation().clusterMapUri();
        return new TrainingJob(event.jobId(index), event.eventId(), event.datasetId(), event.uri(), event.format(),
                event.variantOrDefault(), event.parentDatasetId(), clusterMap,
                spec.modelId() != null ? spec.modelId() : resolved.architecture() + "-" + event.datasetId(),
                spec.experimentId(), spec.evaluateOn(), event.sha256(), resolved);
    }
}
