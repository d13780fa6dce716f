package io.ferperturb.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trainer killed with SIGKILL mid-job resumes from its last epoch checkpoint and finishes the job. */
class TrainerResumeIT {

    @Test
    void aKilledTrainerResumesFromTheLastEpochAndPublishesOneFinalCheckpoint() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        S3Uri dataset = S3Uri.of("datasets", "resume-synthetic/");
        try (ShardWriter writer = new ShardWriter((name, content) -> store.put(dataset.resolve(name), content,
                "application/octet-stream"))) {
            new SyntheticFaceGenerator(21).dataset(150, Imbalance.NONE).forEach(writer::write);
            writer.finish("resume-synthetic");
        }
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
            assertEquals(1, finals.size(), "the restarted trainer finished the job");
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
}
