package io.ferperturb.domain.event;

import io.ferperturb.domain.Quoted;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.ModelRef;
import java.util.List;
import java.util.regex.Pattern;

/** Parsing and validation of incoming event JSON: the one place where a record is judged usable. */
public final class Events {
    /** The contract's rule for dataset ids; it keeps ids safe as S3 key prefixes and Kafka keys. */
    public static final Pattern DATASET_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Events() {
    }

    public static DatasetReady parseDatasetReady(String json) {
        DatasetReady event = parse(json, DatasetReady.class);
        require(event.eventId(), "eventId");
        require(event.datasetId(), "datasetId");
        require(event.uri(), "uri");
        require(event.format(), "format");
        checkDatasetId(event.datasetId());
        if (!DatasetFormat.isKnown(event.format())) {
            throw new InvalidEventException("format must be '" + DatasetFormat.FER2013_CSV + "' or '"
                    + DatasetFormat.EMOTION_SHARDS + "', got '" + event.format() + "'");
        }
        if (!event.uri().startsWith("s3://")) {
            throw new InvalidEventException("uri must be an s3:// address, got '" + event.uri() + "'");
        }
        List<TrainingSpec> training = event.training() == null ? List.of() : event.training();
        for (int i = 0; i < training.size(); i++) {
            checkEntry(training.get(i), i);
            checkModelId(training.get(i), i);
        }
        return event;
    }

    public static CheckpointReady parseCheckpointReady(String json) {
        CheckpointReady event = parse(json, CheckpointReady.class);
        require(event.eventId(), "eventId");
        require(event.modelId(), "modelId");
        require(event.uri(), "uri");
        return event;
    }

    public static ModelAliasMoved parseModelAliasMoved(String json) {
        ModelAliasMoved event = parse(json, ModelAliasMoved.class);
        require(event.eventId(), "eventId");
        require(event.alias(), "alias");
        if (ModelRef.Alias.named(event.alias()).filter(ModelRef.Alias::isMovable).isEmpty()) {
            throw new InvalidEventException("alias must be 'production' or 'staging', got '" + Quoted.shortened(event.alias()) + "'");
        }
        return event;
    }

    public static PredictionLogged parsePredictionLogged(String json) {
        PredictionLogged event = parse(json, PredictionLogged.class);
        require(event.requestId(), "requestId");
        require(event.modelId(), "modelId");
        return event;
    }

    public static TrainingProgress parseTrainingProgress(String json) {
        TrainingProgress event = parse(json, TrainingProgress.class);
        require(event.jobId(), "jobId");
        return event;
    }

    /** @throws InvalidEventException if the id breaks the contract's pattern */
    public static void checkDatasetId(String datasetId) {
        if (datasetId == null || !DATASET_ID.matcher(datasetId).matches()) {
            throw new InvalidEventException("datasetId must match [a-z0-9][a-z0-9-]{0,62}, got '" + Quoted.shortened(datasetId)
                    + "'");
        }
    }

    /** @throws InvalidEventException if a training entry is null or lists null or unsafe dataset ids to evaluate on */
    private static void checkEntry(TrainingSpec spec, int index) {
        if (spec == null) {
            throw new InvalidEventException("training entry " + index + " is null; each entry is a JSON object ({} takes "
                    + "the trainer's defaults)");
        }
        for (String datasetId : spec.evaluateOn() == null ? List.<String>of() : spec.evaluateOn()) {
            if (datasetId == null || !DATASET_ID.matcher(datasetId).matches()) {
                throw new InvalidEventException("training entry " + index + ": evaluateOn lists dataset ids, each "
                        + "matching [a-z0-9][a-z0-9-]{0,62}, got '" + Quoted.shortened(datasetId) + "'");
            }
        }
    }

    /** @throws InvalidEventException if a training entry names a model id that is unsafe as a key or reference */
    private static void checkModelId(TrainingSpec spec, int index) {
        String modelId = spec == null ? null : spec.modelId();
        if (modelId != null && !ModelRef.MODEL_ID.matcher(modelId).matches()) {
            throw new InvalidEventException("training entry " + index + ": modelId is letters, digits, '.', '_' and "
                    + "'-', starting with a letter or digit, 1–128 characters (it names S3 keys and Kafka keys), got '"
                    + Quoted.shortened(modelId) + "'");
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("the record is empty; expected a JSON object");
        }
        try {
            T value = Json.MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidEventException("the record is JSON null; expected a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not a valid " + type.getSimpleName() + " JSON object: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("required field '" + field + "' is missing");
        }
    }
}
