package io.ferperturb.trainer.listener;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.models.StoredPredictions;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.ModelCard;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.trainer.training.DatasetLoader;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestDatasets;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
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
    void aJobWithCrop40StoresA40By40ModelWhoseTestMetricsComeFromTenCrops() {
        storeDataset("trainer-crop", 10);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-crop", """
                {"eventId": "evt-crop", "datasetId": "trainer-crop", "uri": "s3://datasets/trainer-crop/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 1, "batchSize": 16, "crop": 40}]}""");
        var checkpoints = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> "cnn-trainer-crop".equals(r.key())
                && r.value().contains("\"final\":true"), 1, Duration.ofMinutes(3));
        assertEquals(1, checkpoints.size());
        CheckpointReady ready = Json.read(checkpoints.get(0).value().getBytes(), CheckpointReady.class);
        assertEquals(List.of(1, 40, 40), ready.inputShape());
        assertEquals(40, ready.hyperparameters().get("crop"));

        SplitData test = new DatasetLoader(store).load("s3://datasets/trainer-crop/", "emotion-shards", null).test();
        assertTrue(test.size() > 0);
        try (LoadedModel loaded = new CheckpointStore(store).load(S3Uri.parse(ready.uri()), Device.cpu())) {
            assertEquals(40, loaded.card().inputSide());
            assertEquals(40, loaded.card().hyperparameters().get("crop"));
            byte[][] faces = new byte[test.size()][];
            for (int i = 0; i < faces.length; i++) {
                faces[i] = test.face(i).pixels();
            }
            // the stored model, answering by the mean of each face's ten crops, reproduces the reported test
            float[][] logits = new EmotionClassifier(loaded).logits(faces);
            int[][] confusion = new int[7][7];
            for (int i = 0; i < faces.length; i++) {
                confusion[test.label(i)][ClassificationMetrics.argmax(logits[i], 0, 7)]++;
            }
            assertArrayEquals(confusion, ready.metrics().confusionMatrix());
        }
    }

    @Test
    void aJobNamedByItsEntryKeepsEachEvaluationsPerImagePredictionsAndTheyReproduceItsNumbers() {
        storeDataset("trainer-predictions", 6);
        storeDataset("trainer-predictions-other", 3);
        S3Uri clusterMap = S3Uri.of("datasets", "trainer-predictions/cluster-map.json");
        store.put(clusterMap, bands().toJson(), "application/json");
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-predictions", """
                {"eventId": "evt-predictions", "datasetId": "trainer-predictions",
                 "uri": "s3://datasets/trainer-predictions/", "format": "emotion-shards", "variant": "perturbed",
                 "perturbation": {"method": "cluster-mask", "clusters": 3,
                                  "clusterMapUri": "s3://datasets/trainer-predictions/cluster-map.json"},
                 "training": [{"architecture": "cnn", "epochs": 1, "batchSize": 16, "modelId": "cnn-predictions.seed-42",
                               "evaluateOn": ["trainer-predictions-other"]}]}""");
        var checkpoints = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> "cnn-predictions.seed-42".equals(r.key())
                && r.value().contains("\"final\":true"), 1, Duration.ofMinutes(3));
        assertEquals(1, checkpoints.size());
        CheckpointReady ready = Json.read(checkpoints.get(0).value().getBytes(), CheckpointReady.class);
        assertEquals("cnn-predictions.seed-42", ready.modelId(), "the entry's modelId names the model");
        assertEquals("s3://models/cnn-predictions.seed-42/v1/", ready.uri());

        assertEquals(ready.uri() + "predictions/trainer-predictions.json", ready.metrics().predictionsUri());
        SplitData test = new DatasetLoader(store).load("s3://datasets/trainer-predictions/", "emotion-shards", null).test();
        Predictions stored = assertReproduces(ready.metrics());
        assertArrayEquals(toInts(test.labels()), stored.truth(), "the test faces in the dataset's order");

        assertEquals(2, ready.evaluations().size());
        EvaluationResult other = ready.evaluations().get(0);
        assertEquals("trainer-predictions-other", other.datasetId());
        assertEquals(ready.uri() + "predictions/trainer-predictions-other.json", other.predictionsUri());
        assertReproduces(other);
        EvaluationResult tta = ready.evaluations().get(1);
        assertEquals(Boolean.TRUE, tta.tta());
        assertEquals(ready.uri() + "predictions/trainer-predictions.tta.json", tta.predictionsUri());
        assertArrayEquals(stored.truth(), assertReproduces(tta).truth());

        ModelCard card = Json.read(store.get(S3Uri.parse(ready.uri()).resolve("model.json")), ModelCard.class);
        assertEquals(ready.metrics().predictionsUri(), card.metrics().predictionsUri());
        assertEquals(tta.predictionsUri(), card.evaluations().get(1).predictionsUri());
    }

    /** Recomputes an evaluation's numbers from its stored predictions; they must be the announced ones exactly. */
    private Predictions assertReproduces(EvaluationResult announced) {
        Predictions predictions = new StoredPredictions(store).read(announced.predictionsUri());
        EvaluationResult recomputed = predictions.evaluate(Emotion.labels());
        assertEquals(announced.split(), predictions.split());
        assertEquals(announced.accuracy(), recomputed.accuracy(), 0.0, announced.predictionsUri());
        assertEquals(announced.balancedAccuracy(), recomputed.balancedAccuracy(), 0.0);
        assertEquals(announced.macroF1(), recomputed.macroF1(), 0.0);
        assertArrayEquals(announced.confusionMatrix(), recomputed.confusionMatrix());
        return predictions;
    }

    private static int[] toInts(byte[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** Three horizontal bands as the cluster map: eyes, nose, mouth. */
    private static ClusterMap bands() {
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = Math.min(2, (p / FaceImage.SIDE) / 16);
        }
        return ClusterMap.of(3, labels);
    }

    @Test
    void aCropOutsideWhatTheArchitecturesTakeIsDeadLetteredWithTheRange() {
        storeDataset("trainer-bad-crop", 2);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-bad-crop", """
                {"eventId": "evt-bad-crop", "datasetId": "trainer-bad-crop", "uri": "s3://datasets/trainer-bad-crop/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "crop": 20}]}""");
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY), r -> "trainer-bad-crop".equals(r.key()),
                1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = KafkaTestClient.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.contains("crop") && reason.contains("32–48") && reason.contains("20"), reason);
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
    void aLaterEventIsListedAsQueuedWhileAnEarlierOneTrains() {
        storeDataset("trainer-queue", 20);
        String first = """
                {"eventId": "evt-queue-first", "datasetId": "trainer-queue", "uri": "s3://datasets/trainer-queue/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 3, "batchSize": 32}]}""";
        String second = first.replace("evt-queue-first", "evt-queue-second").replace("\"epochs\": 3", "\"epochs\": 1");
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-queue", first);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-queue", second);

        String firstJob = DatasetReady.jobId("evt-queue-first", 0);
        String secondJob = DatasetReady.jobId("evt-queue-second", 0);
        await().atMost(Duration.ofMinutes(3)).until(() -> "succeeded".equals(jobState(secondJob)));

        // the second event's job was listed (as queued) before the first event's job ended, not after it
        Instant secondListed = Instant.parse(given().when().get("/jobs/" + secondJob).then().statusCode(200)
                .extract().path("createdAt"));
        Instant firstEnded = Instant.parse(given().when().get("/jobs/" + firstJob).then().statusCode(200)
                .body("state", equalTo("succeeded")).extract().path("updatedAt"));
        assertTrue(secondListed.isBefore(firstEnded), "second listed at " + secondListed + ", first ended at " + firstEnded);
    }

    private static String jobState(String jobId) {
        var response = given().when().get("/jobs/" + jobId);
        return response.statusCode() == 200 ? response.path("state") : null;
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
        String badCrop = "{\"eventId\": \"post-bad-crop\", \"datasetId\": \"d\", \"uri\": \"s3://datasets/d/\","
                + " \"format\": \"emotion-shards\", \"training\": [{\"architecture\": \"cnn\", \"crop\": 20}]}";
        given().contentType("application/json").body(badCrop).when().post("/jobs")
                .then().statusCode(400).body("error", containsString("crop"));
        String unknown = badCrop.replace("post-bad-crop", "post-unknown-arch").replace("\"crop\": 20", "\"epochs\": 1")
                .replace("\"cnn\"", "\"lenet\"");
        given().contentType("application/json").body(unknown).when().post("/jobs")
                .then().statusCode(400).body("error", containsString("lenet"));
        String badWeights = badCrop.replace("post-bad-crop", "post-bad-weights").replace("\"crop\": 20",
                "\"classWeights\": \"inverse\"");
        given().contentType("application/json").body(badWeights).when().post("/jobs")
                .then().statusCode(400).body("error", containsString("classWeights is 'none' or 'balanced', got 'inverse'"));
        String badModelId = badCrop.replace("post-bad-crop", "post-bad-model-id").replace("\"crop\": 20",
                "\"modelId\": \"../escape\"");
        given().contentType("application/json").body(badModelId).when().post("/jobs")
                .then().statusCode(400).body("error", containsString("modelId is letters, digits"));
        String badProbability = badCrop.replace("post-bad-crop", "post-bad-probability").replace("\"crop\": 20",
                "\"augmentation\": {\"rotationProbability\": 1.5}");
        given().contentType("application/json").body(badProbability).when().post("/jobs")
                .then().statusCode(400).body("error", containsString("are 0–1, got 1.5"));
        given().when().get("/jobs/no-such-job").then().statusCode(404).body("code", equalTo("not-found"));
    }

    private void storeDataset(String datasetId, int perClass) {
        TestDatasets.store(store, datasetId, perClass, 11);
    }
}
