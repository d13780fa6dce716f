package io.ferperturb.trainer.listener;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.core.Json;
import io.ferperturb.core.data.Imbalance;
import io.ferperturb.core.data.ShardWriter;
import io.ferperturb.core.data.SyntheticFaceGenerator;
import io.ferperturb.core.event.CheckpointReady;
import io.ferperturb.core.event.Topics;
import io.ferperturb.core.model.ModelCard;
import io.ferperturb.core.storage.ObjectStore;
import io.ferperturb.core.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class DatasetReadyConsumerTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Test
    void aDatasetReadyEventTrainsOnceStoresTheCheckpointAndARepeatedEventIsANoOp() {
        storeDataset("trainer-consumer", 30);
        String event = """
                {"eventId": "evt-train-once", "datasetId": "trainer-consumer", "uri": "s3://datasets/trainer-consumer/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 1, "batchSize": 32}]}""";
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-consumer", event);

        var checkpoints = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> "cnn-trainer-consumer".equals(r.key())
                && r.value().contains("\"final\":true"), 1, Duration.ofMinutes(3));
        assertEquals(1, checkpoints.size());
        var epochCheckpoints = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> "cnn-trainer-consumer".equals(r.key())
                && r.value().contains("\"final\":false"), 1, Duration.ofSeconds(5));
        assertEquals(1, epochCheckpoints.size(), "one intermediate checkpoint per epoch");
        CheckpointReady epochOne = Json.read(epochCheckpoints.get(0).value().getBytes(), CheckpointReady.class);
        assertEquals(1, epochOne.epoch());
        assertTrue(store.exists(S3Uri.parse(epochOne.uri()).resolve("model.json")), "an epoch checkpoint is loadable");
        assertTrue(store.exists(S3Uri.parse(epochOne.uri()).resolve("resume.json")), "and resumable");
        CheckpointReady ready = Json.read(checkpoints.get(0).value().getBytes(), CheckpointReady.class);
        assertEquals(1, ready.version());
        assertTrue(ready.isFinal());
        assertEquals("PrivateTest", ready.metrics().split());
        assertEquals(7, ready.metrics().confusionMatrix().length);
        ModelCard card = Json.read(store.get(S3Uri.parse(ready.uri()).resolve("model.json")), ModelCard.class);
        assertEquals("cnn", card.architecture());
        assertEquals("evt-train-once", card.lineage().sourceEventId());

        given().when().get("/jobs/" + ready.jobId()).then().statusCode(200)
                .body("state", equalTo("succeeded")).body("job.epochs", equalTo(1));
        var progress = KafkaTestClient.read(Topics.TRAINING_PROGRESS, r -> ready.jobId().equals(r.key()), 100,
                Duration.ofSeconds(5));
        assertTrue(progress.stream().anyMatch(r -> r.value().contains("\"imagesPerSecond\"")), "progress has rates");
        assertTrue(progress.stream().anyMatch(r -> r.value().contains("\"state\":\"succeeded\"")));

        // the same event again: the job has ended, so nothing new is trained or published
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-consumer", event);
        KafkaTestClient.send(Topics.DATASET_READY, "marker", "{\"eventId\": \"marker\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> !KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY),
                r -> "marker".equals(r.key()), 1, Duration.ofSeconds(1)).isEmpty());
        assertEquals(List.of("cnn-trainer-consumer/jobs/", "cnn-trainer-consumer/v1/"),
                store.listFolders(S3Uri.of("models", "cnn-trainer-consumer/")), "still one version");
    }

    @Test
    void anUnknownArchitectureFailsTheJobAndDeadLettersTheEventWithTheReason() {
        storeDataset("trainer-bad-arch", 10);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-bad-arch", """
                {"eventId": "evt-bad-arch", "datasetId": "trainer-bad-arch", "uri": "s3://datasets/trainer-bad-arch/",
                 "format": "emotion-shards", "training": [{"architecture": "alexnet-9000"}, {"architecture": "cnn"}]}""");
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY), r -> "trainer-bad-arch".equals(r.key()),
                1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        assertTrue(KafkaTestClient.header(dead.get(0), "dead-letter-reason").contains("unknown architecture 'alexnet-9000'"));
        given().when().get("/jobs").then().statusCode(200)
                .body("find { it.job.eventId == 'evt-bad-arch' && it.job.architecture == 'alexnet-9000' }.state",
                        equalTo("failed"))
                .body("find { it.job.eventId == 'evt-bad-arch' && it.job.architecture == 'alexnet-9000' }.error",
                        containsString("alexnet-9000"))
                // the event's second job was listed as queued; it never ran, and says why
                .body("find { it.job.eventId == 'evt-bad-arch' && it.job.architecture == 'cnn' }.state", equalTo("failed"))
                .body("find { it.job.eventId == 'evt-bad-arch' && it.job.architecture == 'cnn' }.error",
                        containsString("not run: the event was rejected"));
    }

    @Test
    void progressOfARunningJobStreamsAsServerSentEvents() throws Exception {
        storeDataset("trainer-sse", 20);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-sse", """
                {"eventId": "evt-sse", "datasetId": "trainer-sse", "uri": "s3://datasets/trainer-sse/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 8, "batchSize": 16}]}""");
        String jobId = await().atMost(Duration.ofSeconds(60)).until(() -> given().when().get("/jobs").then().extract()
                .jsonPath().<String>get("find { it.job.eventId == 'evt-sse' }.job.jobId"), java.util.Objects::nonNull);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/jobs/" + jobId + "/events"))
                .header("Accept", "text/event-stream").build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        List<String> events = java.util.concurrent.CompletableFuture.supplyAsync(() -> response.body()
                .filter(line -> line.startsWith("data:"))
                .takeWhile(line -> !line.contains("\"state\":\"succeeded\"") && !line.contains("\"state\":\"failed\""))
                .limit(200).toList()).get(3, java.util.concurrent.TimeUnit.MINUTES);
        assertTrue(events.get(0).contains("\"jobId\":\"" + jobId + "\""), events.get(0));
        assertTrue(events.stream().anyMatch(e -> e.contains("\"epoch\":2") && e.contains("\"imagesPerSecond\"")),
                "live epoch events: " + events);
    }

    @Test
    void postJobsValidatesTheEventAndUnknownJobsAre404() {
        given().contentType("application/json").body("{\"datasetId\": \"x\"}").when().post("/jobs")
                .then().statusCode(400).body("error", containsString("eventId"));
        given().contentType("application/json").body("not json").when().post("/jobs")
                .then().statusCode(400).body("code", equalTo("invalid-event"));
        given().when().get("/jobs/no-such-job").then().statusCode(404).body("code", equalTo("not-found"));
    }

    private void storeDataset(String datasetId, int perClass) {
        S3Uri prefix = S3Uri.of("datasets", datasetId + "/");
        try (ShardWriter writer = new ShardWriter((name, content) -> store.put(prefix.resolve(name), content,
                "application/octet-stream"))) {
            new SyntheticFaceGenerator(11).dataset(perClass, Imbalance.NONE).forEach(writer::write);
            writer.finish(datasetId);
        }
    }
}
