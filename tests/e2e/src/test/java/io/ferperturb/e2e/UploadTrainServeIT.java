package io.ferperturb.e2e;

import static io.ferperturb.e2e.E2eHttp.get;
import static io.ferperturb.e2e.E2eHttp.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.domain.data.Split;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Upload, train and serve over real Kafka and S3, with the three services running as packaged apps:
 * CSV upload → shards in S3 → dataset-ready → training on CPU → checkpoint in S3 → checkpoint-ready →
 * hot load in inference → predictions on held-out synthetic faces.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploadTrainServeIT {
    private static final String DATASET = "slice-synthetic";
    /** A models bucket of its own: the other end-to-end tests' checkpoints must not be served here. */
    private static final String MODELS_BUCKET = "upload-train-serve-models";

    private static ServiceProcess perturb;
    private static ServiceProcess trainer;
    private static ServiceProcess inference;
    private static ObjectStore store;

    @BeforeAll
    static void startServices() {
        store = new ObjectStore(TestServers.s3().settings());
        store.ensureBucket(MODELS_BUCKET);
        TestServers.kafka();
        perturb = ServiceProcess.start("perturb-service", Map.of());
        trainer = ServiceProcess.start("trainer-service", Map.of("FER_TRAINER_DEVICE", "cpu",
                "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET));
        inference = ServiceProcess.start("inference-service", Map.of("FER_SERVING_DEVICE", "cpu",
                "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET));
    }

    @AfterAll
    static void stopServices() {
        for (ServiceProcess s : new ServiceProcess[] {inference, trainer, perturb}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    @Order(1)
    void inferenceIsNotReadyAndAnswers503BeforeAnyModelExists() throws Exception {
        assertEquals(503, get(inference.url() + "/q/health/ready").statusCode());
        HttpResponse<String> r = post(inference.url() + "/predict", "image/png", png(new byte[FaceImage.PIXELS]));
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("no-model", Json.MAPPER.readTree(r.body()).get("code").asText());
    }

    @Test
    @Order(2)
    void aMalformedCsvGets400WithTheLineNumberAndStoresNothing() throws Exception {
        String csv = "emotion,pixels,Usage\n" + "3," + "0 ".repeat(2303) + "0,Training\n" + "9," + "0 ".repeat(2303)
                + "0,Training\n";
        HttpResponse<String> r = post(perturb.url() + "/datasets/broken-upload", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertTrue(error.get("error").asText().contains("line 3"), error.toString());
        assertEquals(404, get(perturb.url() + "/datasets/broken-upload").statusCode());
        assertTrue(store.list(S3Uri.of("datasets", "broken-upload/")).isEmpty(), "nothing stored");
    }

    @Test
    @Order(3)
    void aMalformedDatasetReadyRecordGoesToTheDeadLetterTopicAndTheTrainerKeepsConsuming() throws Exception {
        KafkaTestClient.send(Topics.DATASET_READY, "junk", "{not json");
        KafkaTestClient.send(Topics.DATASET_READY, "nothing-here",
                "{\"eventId\":\"e-missing\",\"datasetId\":\"nothing-here\",\"uri\":\"s3://datasets/nothing-here/\","
                        + "\"format\":\"emotion-shards\"}");
        // the dead-letter topic is shared with the other end-to-end tests: this test's records by their keys
        List<ConsumerRecord<String, String>> junk = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY),
                r -> "junk".equals(r.key()), 1, Duration.ofSeconds(90));
        List<ConsumerRecord<String, String>> missing = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY),
                r -> "nothing-here".equals(r.key()), 1, Duration.ofSeconds(90));
        assertEquals("{not json", junk.get(0).value());
        String reason = KafkaTestClient.header(missing.get(0), "dead-letter-reason");
        assertTrue(reason.contains("does not exist"), reason);
        assertTrue(trainer.isAlive());
    }

    @Test
    @Order(4)
    void anUploadedDatasetIsTrainedOnAndServedWithHeldOutAccuracyWellAboveChance() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(csv)) {
            new SyntheticFaceGenerator(7).dataset(500, Imbalance.NONE).forEach(writer::write);
        }
        HttpResponse<String> upload = post(perturb.url() + "/datasets/" + DATASET + "?epochs=6&augment=false", "text/csv",
                csv.toByteArray());
        assertEquals(202, upload.statusCode(), upload.body());
        JsonNode descriptor = Json.MAPPER.readTree(upload.body());
        assertEquals(3500, descriptor.get("images").asLong());
        assertEquals(2800, descriptor.get("counts").get("Training").asLong());
        assertTrue(store.exists(S3Uri.of("datasets", DATASET + "/manifest.json")));

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .until(() -> get(inference.url() + "/q/health/ready").statusCode() == 200);

        var finals = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> ("cnn-" + DATASET).equals(r.key())
                && r.value().contains("\"final\":true"), 1,
                Duration.ofSeconds(30));
        assertEquals(1, finals.size(), "one final checkpoint-ready");
        JsonNode checkpoint = Json.MAPPER.readTree(finals.get(0).value());
        assertEquals("cnn-" + DATASET, checkpoint.get("modelId").asText());
        assertEquals("cnn-" + DATASET, finals.get(0).key());
        assertTrue(store.exists(S3Uri.parse(checkpoint.get("uri").asText()).resolve("model.json")));
        assertEquals(6, KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> ("cnn-" + DATASET).equals(r.key())
                && r.value().contains("\"final\":false"), 6,
                Duration.ofSeconds(10)).size(), "one intermediate checkpoint per epoch");
        assertEquals(1, KafkaTestClient.read(Topics.TRAINING_PROGRESS, r -> r.value().contains("\"state\":\"succeeded\"")
                && r.value().contains("cnn-" + DATASET), 1, Duration.ofSeconds(30)).size());

        // held-out faces from another seed, sent as PNG files the way a user would
        SyntheticFaceGenerator heldOut = new SyntheticFaceGenerator(99_001);
        int correct = 0;
        int total = 0;
        for (Emotion emotion : Emotion.values()) {
            for (int i = 0; i < 30; i++) {
                FaceImage face = heldOut.face(emotion, Split.PRIVATE_TEST, i);
                HttpResponse<String> r = post(inference.url() + "/predict", "image/png", png(face.pixels()));
                assertEquals(200, r.statusCode(), r.body());
                JsonNode faces = Json.MAPPER.readTree(r.body()).get("faces");
                assertEquals(1, faces.size());
                assertEquals(7, faces.get(0).get("probabilities").size());
                if (faces.get(0).get("emotion").asText().equals(emotion.label())) {
                    correct++;
                }
                total++;
            }
        }
        double accuracy = (double) correct / total;
        java.util.logging.Logger.getLogger(UploadTrainServeIT.class.getName())
                .info(String.format("held-out accuracy through POST /predict: %.3f (%d faces)", accuracy, total));
        assertTrue(accuracy >= 0.8, "held-out accuracy " + accuracy);
    }

    @Test
    @Order(5)
    void predictRejectsBytesThatAreNotAnImageWithAClearSentence() throws Exception {
        HttpResponse<String> garbage = post(inference.url() + "/predict", "image/png",
                "definitely not a png".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, garbage.statusCode(), garbage.body());
        assertFalse(Json.MAPPER.readTree(garbage.body()).get("error").asText().isBlank());
        HttpResponse<String> empty = post(inference.url() + "/predict", "image/png", new byte[0]);
        assertEquals(400, empty.statusCode(), empty.body());
        HttpResponse<String> wrongType = post(inference.url() + "/predict", "application/json", "{}".getBytes());
        assertEquals(415, wrongType.statusCode(), wrongType.body());
        assertEquals(200, get(inference.url() + "/q/health/live").statusCode());
    }

    private static byte[] png(byte[] pixels) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(FacePreprocessing.toImage(pixels), "png", out);
        return out.toByteArray();
    }
}
