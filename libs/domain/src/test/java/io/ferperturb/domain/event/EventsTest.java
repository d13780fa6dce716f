package io.ferperturb.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void theContractsExampleParsesWithUnknownFieldsIgnored() {
        DatasetReady e = Events.parseDatasetReady("""
                {"eventId": "3f0c", "datasetId": "fer2013", "uri": "s3://datasets/fer2013/", "format": "emotion-shards",
                 "variant": "original", "parentDatasetId": null, "classes": ["angry"], "counts": {"Training": 28709},
                 "sha256": "ab", "perturbation": null, "somethingNew": {"x": 1},
                 "training": [{"architecture": "resnet18", "epochs": 30, "batchSize": 64, "learningRate": 0.01, "seed": 42,
                               "evaluateOn": ["fer2013-occluded"]}],
                 "createdAt": "2026-11-28T12:00:00Z"}""");
        assertEquals("fer2013", e.datasetId());
        assertEquals(28709L, e.counts().get("Training"));
        assertEquals(List.of("fer2013-occluded"), e.training().get(0).evaluateOn());
        assertEquals(Instant.parse("2026-11-28T12:00:00Z"), e.createdAt());
    }

    @Test
    void eachRequiredFieldIsNamedWhenMissing() {
        for (String field : List.of("eventId", "datasetId", "uri", "format")) {
            Map<String, Object> json = new java.util.HashMap<>(Map.of("eventId", "e", "datasetId", "d",
                    "uri", "s3://datasets/d/", "format", "emotion-shards"));
            json.remove(field);
            var error = assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(Json.write(json)));
            assertTrue(error.getMessage().contains("'" + field + "'"), error.getMessage());
        }
    }

    @Test
    void malformedJsonBadIdsFormatsAndUrisAreRefusedWithAReason() {
        assertTrue(assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady("{not json"))
                .getMessage().contains("not a valid"));
        assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(""));
        assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady("null"));
        assertTrue(assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(
                "{\"eventId\":\"e\",\"datasetId\":\"Bad/Id\",\"uri\":\"s3://d/\",\"format\":\"emotion-shards\"}"))
                .getMessage().contains("datasetId must match"));
        assertTrue(assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(
                "{\"eventId\":\"e\",\"datasetId\":\"d\",\"uri\":\"s3://d/\",\"format\":\"parquet\"}"))
                .getMessage().contains("format must be"));
        assertTrue(assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(
                "{\"eventId\":\"e\",\"datasetId\":\"d\",\"uri\":\"/tmp/d\",\"format\":\"fer2013-csv\"}"))
                .getMessage().contains("s3://"));
    }

    @Test
    void checkpointReadyWritesFinalAsTheContractNamesItAndLeavesNullsOut() {
        CheckpointReady event = new CheckpointReady("e", "m", 3, "j", "cnn", "d", "original", "s3://models/m/v3/", "djl",
                List.of("angry"), List.of(1, 48, 48), 30, true, null, Map.of(), "cpu", "src", null, null);
        String json = Json.write(event);
        assertTrue(json.contains("\"final\":true"), json);
        assertTrue(!json.contains("isFinal") && !json.contains("null"), json);
        CheckpointReady back = Events.parseCheckpointReady(json);
        assertTrue(back.isFinal());
        assertNull(back.metrics());
    }

    @Test
    void absentTrainingMeansOneJobWithDefaults() {
        DatasetReady e = Events.parseDatasetReady(
                "{\"eventId\":\"e\",\"datasetId\":\"d\",\"uri\":\"s3://datasets/d/\",\"format\":\"emotion-shards\"}");
        assertEquals(List.of(TrainingSpec.defaults()), e.trainingOrDefault());
        assertEquals("original", e.variantOrDefault());
    }
}
