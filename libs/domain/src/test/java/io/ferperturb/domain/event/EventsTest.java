package io.ferperturb.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aFullTrainingEntryRoundTripsWithTheContractsFlatFieldNames() throws Exception {
        String json = """
                {"eventId": "e", "datasetId": "fer2013-perturbed-k3", "uri": "s3://datasets/fer2013-perturbed-k3/",
                 "format": "emotion-shards", "variant": "perturbed", "parentDatasetId": "fer2013",
                 "training": [{"architecture": "resnet18", "epochs": 30, "batchSize": 64, "learningRate": 0.01,
                               "seed": 42, "momentum": 0.8, "weightDecay": 0.0005, "plateauFactor": 0.5,
                               "plateauPatience": 3, "augmentation": {"enabled": true, "rotation": 15.0},
                               "crop": 40, "perturbedBatching": "expanded", "classWeights": "balanced",
                               "evaluateOn": ["fer2013-occluded"],
                               "experimentId": "exp-1", "modelId": "resnet18-k3-seed.42_a"}]}""";
        DatasetReady event = Events.parseDatasetReady(json);
        TrainingSpec spec = event.training().get(0);
        assertEquals(new Hyperparameters("resnet18", 30, 64, 0.01, 42L, 0.8, 0.0005, 0.5, 3,
                new Augmentation(true, null, null, 15.0, null, null, null, null), 40, "expanded", "balanced"),
                spec.hyperparameters());
        assertEquals(List.of("fer2013-occluded"), spec.evaluateOn());
        assertEquals("exp-1", spec.experimentId());
        assertEquals("resnet18-k3-seed.42_a", spec.modelId());

        String written = Json.write(event);
        assertEquals(Json.MAPPER.readTree(json).get("training").get(0), Json.MAPPER.readTree(written).get("training").get(0));
        assertEquals(event, Events.parseDatasetReady(written));
    }

    @Test
    void aTrainingEntrysModelIdMustBeASafeIdAndIsNamedWhenItIsNot() {
        String event = """
                {"eventId": "e", "datasetId": "d", "uri": "s3://datasets/d/", "format": "emotion-shards",
                 "training": [{}, {"modelId": "ID"}]}""";
        String longest = "a".repeat(128);
        assertEquals(longest, Events.parseDatasetReady(event.replace("ID", longest)).training().get(1).modelId());
        assertEquals("Cnn.seed-1_b", Events.parseDatasetReady(event.replace("ID", "Cnn.seed-1_b")).training().get(1)
                .modelId());
        for (String bad : List.of("", "..", ".hidden", "-x", "a/b", "a:3", "a b", "ü", "a".repeat(129))) {
            var error = assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(event.replace("ID", bad)),
                    bad);
            assertTrue(error.getMessage().startsWith("training entry 1: modelId is letters, digits"), error.getMessage());
        }
        assertNull(Events.parseDatasetReady(event.replace("ID", "x")).training().get(0).modelId());
    }

    @Test
    void aNullTrainingEntryOrANullOrUnsafeDatasetToEvaluateOnIsRefusedWithAReason() {
        String event = """
                {"eventId": "e", "datasetId": "d", "uri": "s3://datasets/d/", "format": "emotion-shards",
                 "training": ENTRIES}""";
        var nullEntry = assertThrows(InvalidEventException.class,
                () -> Events.parseDatasetReady(event.replace("ENTRIES", "[{}, null]")));
        assertEquals("training entry 1 is null; each entry is a JSON object ({} takes the trainer's defaults)",
                nullEntry.getMessage());
        for (String evaluateOn : List.of("[null]", "[\"../x\"]", "[\"" + "d".repeat(64) + "\"]", "[\"UPPER\"]")) {
            var error = assertThrows(InvalidEventException.class, () -> Events.parseDatasetReady(
                    event.replace("ENTRIES", "[{\"evaluateOn\": " + evaluateOn + "}]")), evaluateOn);
            assertTrue(error.getMessage().startsWith("training entry 0: evaluateOn lists dataset ids"), error.getMessage());
        }
        assertEquals(List.of("d-occluded"), Events.parseDatasetReady(event.replace("ENTRIES",
                "[{\"evaluateOn\": [\"d-occluded\"]}]")).training().get(0).evaluateOn());
    }

    @Test
    void anEmptyTrainingEntryLeavesEverythingToTheDefaults() {
        DatasetReady e = Events.parseDatasetReady("""
                {"eventId": "e", "datasetId": "d", "uri": "s3://datasets/d/", "format": "emotion-shards",
                 "training": [{}, {"experimentId": "x"}]}""");
        assertEquals(TrainingSpec.defaults(), e.training().get(0));
        assertEquals(Hyperparameters.UNSET, e.training().get(1).hyperparameters());
        assertEquals("{}", Json.write(TrainingSpec.defaults()));
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
    void anEvaluationNamesItsStoredPredictionsAndOneWithoutThemReadsAsNull() {
        String stored = """
                {"datasetId": "d", "variant": "original", "split": "PrivateTest", "accuracy": 0.5,
                 "balancedAccuracy": 0.4, "macroF1": 0.3, "tta": true,
                 "predictionsUri": "s3://models/m/v1/predictions/d.tta.json"}""";
        EvaluationResult read = Json.read(stored.getBytes(), EvaluationResult.class);
        assertEquals("s3://models/m/v1/predictions/d.tta.json", read.predictionsUri());
        assertEquals(0.4, read.balancedAccuracy());
        assertTrue(Json.write(read).contains("\"predictionsUri\":\"s3://models/m/v1/predictions/d.tta.json\""));
        assertEquals(read.predictionsUri(), read.describing("e", "occluded", false).predictionsUri());

        EvaluationResult older = Json.read(stored.replaceAll(",\\s*\"predictionsUri\": \"[^\"]*\"", "").getBytes(),
                EvaluationResult.class);
        assertNull(older.predictionsUri());
        assertEquals(0.5, older.accuracy());
        assertEquals("s3://x", older.withPredictionsUri("s3://x").predictionsUri());
        assertFalse(Json.write(older).contains("predictionsUri"));
    }

    @Test
    void absentTrainingMeansOneJobWithDefaults() {
        DatasetReady e = Events.parseDatasetReady(
                "{\"eventId\":\"e\",\"datasetId\":\"d\",\"uri\":\"s3://datasets/d/\",\"format\":\"emotion-shards\"}");
        assertEquals(List.of(TrainingSpec.defaults()), e.trainingOrDefault());
        assertEquals("original", e.variantOrDefault());
    }
}
