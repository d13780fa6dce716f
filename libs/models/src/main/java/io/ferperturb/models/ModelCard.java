package io.ferperturb.models;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.EvaluationResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code model.json} stored next to a checkpoint's parameters: everything needed to rebuild and
 * use the model with no other input.
 *
 * @param parameters the DJL parameter file's model name (files {@code {parameters}-NNNN.params})
 */
public record ModelCard(
        String modelId,
        int version,
        String architecture,
        List<String> classes,
        List<Integer> inputShape,
        Normalisation normalisation,
        String parameters,
        int epoch,
        @JsonProperty("final") boolean isFinal,
        Lineage lineage,
        EvaluationResult metrics,
        List<EvaluationResult> evaluations,
        Map<String, Object> hyperparameters,
        String device,
        Instant createdAt) {

    public static final String FILE = "model.json";

    /**
     * The {@code checkpoint-ready} event announcing this card's checkpoint: everything but where it lies
     * and the new event's id comes from the card (its lineage names the job and the source event).
     *
     * @param uri    the checkpoint's prefix, holding this card and the parameters
     * @param format how the parameters are stored, e.g. {@code djl}
     */
    public CheckpointReady checkpointReady(String eventId, String uri, String format) {
        Lineage from = lineage == null ? new Lineage(null, null, null, null, null, null) : lineage;
        return new CheckpointReady(eventId, modelId, version, from.jobId(), architecture, from.datasetId(),
                from.datasetVariant(), uri, format, classes, inputShape, epoch, isFinal, metrics, hyperparameters, device,
                from.sourceEventId(), evaluations, createdAt);
    }

    /** Side of the square input (48, or 40 for cropped models). */
    public int inputSide() {
        return inputShape.get(inputShape.size() - 1);
    }
}
