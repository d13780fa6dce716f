package io.ferperturb.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestDatasets;
import io.ferperturb.testsupport.TestServers;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trainer killed with SIGKILL mid-job resumes from its last epoch checkpoint and finishes the job; one stopped
 * with SIGTERM (a rolling update, a node drain) saves the step it got to and the next one continues from there.
 */
class TrainerResumeIT {

    @Test
    void aKilledTrainerResumesFromTheLastEpochAndPublishesOneFinalCheckpoint() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        TestDatasets.store(store, "resume-synthetic", 150, 21);
        Map<String, String> env = Map.of("FER_TRAINER_DEVICE", "cpu");
        ServiceProcess first = ServiceProcess.start("trainer-service", env);
        KafkaTestClient.send(Topics.DATASET_READY, "resume-synthetic", """
                {"eventId": "evt-resume", "datasetId": "resume-synthetic", "uri": "s3://datasets/resume-synthetic/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 6, "batchSize": 32, "augmentation": {"enabled": false}}]}""");
        S3Uri jobs = S3Uri.of("models", "cnn-resume-synthetic/jobs/");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                store.list(jobs).stream().anyMatch(k -> k.endsWith("epoch-0002/resume.json")));
        first.kill();
        assertTrue(KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> r.value().contains("\"final\":true")
                && "cnn-resume-synthetic".equals(r.key()), 1, Duration.ofSeconds(2)).isEmpty(), "killed before the end");

        try (ServiceProcess second = ServiceProcess.start("trainer-service", env)) {
            var finals = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> r.value().contains("\"final\":true")
                    && "cnn-resume-synthetic".equals(r.key()), 1, Duration.ofMinutes(4));
            assertEquals(1, finals.size(), "the restarted trainer finished the job: " + jobLines(second));
            CheckpointReady done = Json.read(finals.get(0).value().getBytes(), CheckpointReady.class);
            assertEquals(6, done.epoch());
            assertEquals(1, done.version());
            String log = Files.readString(second.log());
            assertTrue(log.contains("resuming after epoch"), "the second trainer resumed instead of starting over");
            assertTrue(!log.contains("epoch 1/6:"), "epoch 1 was not trained again");
        } finally {
            first.close();
        }
    }

    @Test
    void aTrainerStoppedWithSigtermSavesTheStepItGotToAndTheNextOneContinuesThere() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        TestDatasets.store(store, "sigterm-synthetic", 300, 22);
        Map<String, String> env = Map.of("FER_TRAINER_DEVICE", "cpu");
        ServiceProcess first = ServiceProcess.start("trainer-service", env);
        // small batches: an epoch has a few hundred steps, so the stop lands inside one
        KafkaTestClient.send(Topics.DATASET_READY, "sigterm-synthetic", """
                {"eventId": "evt-sigterm", "datasetId": "sigterm-synthetic", "uri": "s3://datasets/sigterm-synthetic/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 3, "batchSize": 8, "augmentation": {"enabled": false}}]}""");
        S3Uri jobs = S3Uri.of("models", "cnn-sigterm-synthetic/jobs/");
        // inside epoch 2: a step of it reported (stopping while epoch 1 is being saved would stop at the epoch's end)
        assertEquals(1, KafkaTestClient.read(Topics.TRAINING_PROGRESS, r -> inEpochTwo(r.value()), 1,
                Duration.ofMinutes(3)).size(), "epoch 2 began: " + jobLines(first));
        first.close(); // SIGTERM, and wait for the process to end
        String firstLog = Files.readString(first.log());
        assertTrue(firstLog.contains("stopped after step"), "the job stopped after a step of epoch 2: " + jobLines(first));
        assertTrue(store.list(jobs).stream().anyMatch(k -> k.matches(".*/epoch-0001-step-\\d{6}/resume\\.json")),
                "and saved where it got to: " + store.list(jobs));
        assertTrue(KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> r.value().contains("\"final\":true")
                && "cnn-sigterm-synthetic".equals(r.key()), 1, Duration.ofSeconds(2)).isEmpty(), "stopped before the end");
        assertTrue(KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY), r -> "sigterm-synthetic".equals(r.key()),
                1, Duration.ofSeconds(2)).isEmpty(), "a stopped job's event is not dead-lettered");

        try (ServiceProcess second = ServiceProcess.start("trainer-service", env)) {
            var finals = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> r.value().contains("\"final\":true")
                    && "cnn-sigterm-synthetic".equals(r.key()), 1, Duration.ofMinutes(8));
            assertEquals(1, finals.size(), "the restarted trainer finished the job: " + jobLines(second));
            CheckpointReady done = Json.read(finals.get(0).value().getBytes(), CheckpointReady.class);
            assertEquals(3, done.epoch());
            assertEquals(1, done.version());
            String log = Files.readString(second.log());
            assertTrue(log.contains("resuming after epoch 1 of 3, at step"), "the second trainer continued mid-epoch");
            assertTrue(!log.contains("epoch 1/3:"), "epoch 1 was not trained again");
            assertTrue(store.list(jobs).stream().noneMatch(k -> k.contains("-step-")),
                    "the stopped step's state is removed once its epoch is saved whole");
        }
    }

    /** A step of the sigterm job's second epoch, from its training-progress. */
    private static boolean inEpochTwo(String progress) {
        try {
            var p = Json.MAPPER.readTree(progress);
            return "sigterm-synthetic".equals(p.path("datasetId").asText()) && p.path("epoch").asInt() == 2
                    && p.path("step").asInt() > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** What the trainer's log says about jobs, for a failure's message. */
    private static String jobLines(ServiceProcess trainer) {
        try {
            var lines = Files.readAllLines(trainer.log()).stream()
                    .filter(l -> l.contains("job ") || l.contains("training-jobs") || l.contains("ERROR")).toList();
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
