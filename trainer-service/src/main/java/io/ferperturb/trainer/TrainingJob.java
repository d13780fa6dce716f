package io.ferperturb.trainer;

import io.ferperturb.core.event.Augmentation;
import java.util.List;

/**
 * One training job: a dataset-ready entry with every default filled in.
 *
 * @param modelId {@code {architecture}-{datasetId}}; checkpoints go to {@code models/{modelId}/v{n}/}
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
        String architecture,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        String modelId,
        String experimentId,
        List<String> evaluateOn,
        double momentum,
        double weightDecay,
        double plateauFactor,
        int plateauPatience,
        Augmentation augmentation) {
}
