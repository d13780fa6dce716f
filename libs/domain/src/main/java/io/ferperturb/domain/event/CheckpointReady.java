package io.ferperturb.domain.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model checkpoint is stored in S3 (topic {@code checkpoint-ready}, key {@code modelId}).
 * {@code final} is a Java keyword, hence the component name {@code isFinal}.
 */
public record CheckpointReady(
        String eventId,
        String modelId,
        int version,
        String jobId,
        String architecture,
        String datasetId,
        String datasetVariant,
        String uri,
        String format,
        List<String> classes,
        List<Integer> inputShape,
        int epoch,
        @JsonProperty("final") boolean isFinal,
        EvaluationResult metrics,
        Map<String, Object> hyperparameters,
        String device,
        String sourceEventId,
        List<EvaluationResult> evaluations,
        Instant createdAt) {
}
