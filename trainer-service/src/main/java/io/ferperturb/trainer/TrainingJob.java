package io.ferperturb.trainer;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.event.Augmentation;
import java.util.List;

/**
 * One training job: a dataset-ready entry with every default filled in.
 *
 * @param modelId {@code {architecture}-{datasetId}}; checkpoints go to {@code models/{modelId}/v{n}/}
 * @param crop    side of the random training crops and of the evaluation's TenCrop; null: whole 48×48 faces
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
        Augmentation augmentation,
        Integer crop) {

    /** Side of the model's square input: the crop, or the whole face. */
    public int inputSide() {
        return crop == null ? FaceImage.SIDE : crop;
    }
}
