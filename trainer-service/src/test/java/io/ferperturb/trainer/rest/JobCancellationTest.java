package io.ferperturb.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code DELETE /jobs/{id}}: a queued job never starts, a running one stops after a step, the others go on. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class JobCancellationTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Test
    void aRunningAndAQueuedJobAreCancelledAndTheEventsOtherJobStillTrains() {
        TestDatasets.store(store, "trainer-cancel", 40, 13);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-cancel", """
                {"eventId": "evt-cancel", "datasetId": "trainer-cancel", "uri": "s3://datasets/trainer-cancel/",
                 "format": "emotion-shards", "training": [
                   {"architecture": "cnn", "epochs": 500, "batchSize": 8, "modelId": "cancel-long"},
                   {"architecture": "cnn", "epochs": 1, "batchSize": 32, "modelId": "cancel-short"},
                   {"architecture": "cnn", "epochs": 1, "batchSize": 32, "modelId": "cancel-queued"}]}""");
        String running = DatasetReady.jobId("evt-cancel", 0);
        String next = DatasetReady.jobId("evt-cancel", 1);
        String queued = DatasetReady.jobId("evt-cancel", 2);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                "running".equals(given().get("/jobs/" + running).then().extract().path("state")));

        given().when().delete("/jobs/" + queued).then().statusCode(202).body("state", equalTo("cancelled"));
        given().when().delete("/jobs/" + running).then().statusCode(202);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                "cancelled".equals(given().get("/jobs/" + running).then().extract().path("state")));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                "succeeded".equals(given().get("/jobs/" + next).then().extract().path("state")));

        given().when().get("/jobs/" + running).then().body("error", containsString("cancelled by an admin"));
        given().when().get("/jobs/" + queued).then().body("state", equalTo("cancelled"));
        assertTrue(store.list(S3Uri.of("models", "cancel-queued/")).isEmpty(), "the queued job never trained");
        assertTrue(store.list(S3Uri.of("models", "cancel-long/v1/")).isEmpty(), "the cancelled job has no final model");
        var failed = KafkaTestClient.read(Topics.TRAINING_PROGRESS, r -> running.equals(r.key())
                && r.value().contains("\"state\":\"failed\""), 1, Duration.ofSeconds(10));
        assertEquals(1, failed.size(), "experiments hear that the job ended");

        given().when().delete("/jobs/" + next).then().statusCode(409).body("code", equalTo("job-ended"));
        given().when().delete("/jobs/no-such-job").then().statusCode(404);
    }

    @Test
    void aJobCancelledThroughAnotherReplicaStopsOnTheReplicaThatTrainsIt() {
        TestDatasets.store(store, "trainer-cancel-elsewhere", 40, 14);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-cancel-elsewhere", """
                {"eventId": "evt-cancel-elsewhere", "datasetId": "trainer-cancel-elsewhere",
                 "uri": "s3://datasets/trainer-cancel-elsewhere/", "format": "emotion-shards", "training": [
                   {"architecture": "cnn", "epochs": 500, "batchSize": 8, "modelId": "cancel-elsewhere"}]}""");
        String jobId = DatasetReady.jobId("evt-cancel-elsewhere", 0);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                "running".equals(given().get("/jobs/" + jobId).then().extract().path("state")));

        // what DELETE /jobs/{id} on another replica leaves for the replica that trains the job
        S3Uri note = S3Uri.of("models", "_cancellations/" + jobId + ".json");
        store.putJson(note, java.util.Map.of("jobId", jobId));
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                "cancelled".equals(given().get("/jobs/" + jobId).then().extract().path("state")));
        assertTrue(store.list(S3Uri.of("models", "cancel-elsewhere/v1/")).isEmpty(), "no final model");
        assertTrue(!store.exists(note), "the note is removed once the job has stopped");
    }
}
