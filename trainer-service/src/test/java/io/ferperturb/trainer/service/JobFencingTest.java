package io.ferperturb.trainer.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestDatasets;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A replica whose running job is taken over by another replica (as when it hung past its claim) stops and writes
 * nothing more for it: no final checkpoint, no final checkpoint-ready. The job is finished once, by whichever attempt
 * holds it last.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class JobFencingTest {
    private static final String MODEL = "trainer-fenced-model";
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Inject
    JobLeases leases;

    @Test
    void aReplicaFencedOutOfItsJobWritesNoFinalCheckpointAndTheJobEndsOnce() {
        TestDatasets.store(store, "trainer-fenced", 30, 41);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-fenced", """
                {"eventId": "evt-fenced", "datasetId": "trainer-fenced", "uri": "s3://datasets/trainer-fenced/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 12, "batchSize": 16,
                 "modelId": "%s", "augmentation": {"enabled": false}}]}""".formatted(MODEL));
        String jobId = DatasetReady.jobId("evt-fenced", 0);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                store.list(S3Uri.of("models", MODEL + "/jobs/")).stream().anyMatch(k -> k.endsWith("epoch-0001/resume.json")));
        JobLeases.Claim held = leases.newest(jobId).orElseThrow();
        assertEquals(leases.replica(), held.replica());

        // another replica takes the job over: the job's next attempt, claimed for a few seconds, then abandoned
        Instant intruderUntil = Instant.now().plusSeconds(4);
        assertTrue(store.putJsonIfAbsent(leases.key(jobId, held.attempt() + 1),
                new JobLeases.Claim(jobId, held.attempt() + 1, "intruder", intruderUntil)));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() ->
                "succeeded".equals(given().when().get("/jobs/" + jobId).then().extract().path("state")));
        assertEquals(held.attempt() + 2, (int) given().when().get("/jobs/" + jobId).then().extract().path("attempt"),
                "the fenced replica took the job back only as the attempt after the intruder's");
        var finals = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> MODEL.equals(r.key())
                && r.value().contains("\"final\":true"), 2, Duration.ofSeconds(5));
        assertEquals(1, finals.size(), "one final checkpoint-ready");
        assertTrue(finals.get(0).timestamp() >= intruderUntil.toEpochMilli(),
                "published by the attempt after the takeover, not by the fenced one");
        assertTrue(finals.get(0).value().contains("\"epoch\":12"));
        List<String> versions = store.listFolders(S3Uri.of("models", MODEL + "/")).stream()
                .filter(f -> !f.endsWith("/jobs/")).toList();
        assertEquals(List.of(MODEL + "/v1/"), versions, "one final checkpoint");
    }
}
