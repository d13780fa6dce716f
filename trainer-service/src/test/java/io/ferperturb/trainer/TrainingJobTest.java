package io.ferperturb.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.event.Hyperparameters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingJobTest {
    private static final Hyperparameters DEFAULTS = new Hyperparameters("cnn", 10, 64, 0.01, 42L, 0.9, 1e-4, 0.75, 5,
            Augmentation.NONE, null, Hyperparameters.GROUPED, Hyperparameters.UNWEIGHTED);

    private static final DatasetReady EVENT = Events.parseDatasetReady("""
            {"eventId": "ev", "datasetId": "fer2013", "uri": "s3://datasets/fer2013/", "format": "emotion-shards",
             "training": [{"architecture": "resnet18", "epochs": 3, "crop": 40, "evaluateOn": ["fer2013-occluded"],
                           "experimentId": "exp-1"}, {}, {"epochs": 3, "seed": 7, "modelId": "cnn-fer2013-seed-7"}]}""");

    @Test
    void anEntryIsResolvedOverTheTrainersDefaultsAndNamesItsModel() {
        TrainingJob job = TrainingJob.of(EVENT, 0, DEFAULTS);
        assertEquals(new Hyperparameters("resnet18", 3, 64, 0.01, 42L, 0.9, 1e-4, 0.75, 5, Augmentation.NONE, 40,
                Hyperparameters.GROUPED, Hyperparameters.UNWEIGHTED), job.hyperparameters());
        assertEquals("resnet18-fer2013", job.modelId());
        assertEquals(EVENT.jobId(0), job.jobId());
        assertEquals(List.of("fer2013-occluded"), job.evaluateOn());
        assertEquals("exp-1", job.experimentId());
        assertEquals("original", job.datasetVariant());
        assertNull(job.clusterMapUri());

        TrainingJob defaults = TrainingJob.of(EVENT, 1, DEFAULTS);
        assertEquals(DEFAULTS, defaults.hyperparameters());
        assertEquals("cnn-fer2013", defaults.modelId());
    }

    @Test
    void anEntryThatNamesItsModelIsStoredUnderThatName() {
        TrainingJob job = TrainingJob.of(EVENT, 2, DEFAULTS);
        assertEquals("cnn-fer2013-seed-7", job.modelId());
        assertEquals(7L, job.hyperparameters().seed());
    }

    @Test
    void aStoredJobRecordKeepsItsHyperparametersFlatAndReadsBack() throws Exception {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        JobRecord record = new JobRecord(TrainingJob.of(EVENT, 0, DEFAULTS), JobState.QUEUED, 0, null, null, null, null, now, now);
        byte[] stored = Json.writeBytes(record);
        JsonNode job = Json.MAPPER.readTree(new String(stored, StandardCharsets.UTF_8)).get("job");
        assertEquals("resnet18", job.get("architecture").asText());
        assertEquals(40, job.get("crop").asInt());
        assertEquals(0.9, job.get("momentum").asDouble());
        assertFalse(job.has("hyperparameters"), job.toString());
        assertEquals(record, Json.read(stored, JobRecord.class));
    }
}
