package io.ferperturb.inference.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.core.Json;
import io.ferperturb.core.data.Emotion;
import io.ferperturb.core.data.FaceImage;
import io.ferperturb.core.data.FacePreprocessing;
import io.ferperturb.core.data.Normalisation;
import io.ferperturb.core.event.CheckpointReady;
import io.ferperturb.core.event.Topics;
import io.ferperturb.core.model.Architectures;
import io.ferperturb.core.model.CheckpointStore;
import io.ferperturb.core.model.Djl;
import io.ferperturb.core.model.Lineage;
import io.ferperturb.core.model.ModelCard;
import io.ferperturb.core.storage.ObjectStore;
import io.ferperturb.core.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictResourceTest {

    @Test
    @Order(1)
    void beforeAnyModelReadinessIsDownAndPredictAnswers503() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(503);
        given().contentType("image/png").body(png(new byte[FaceImage.PIXELS])).when().post("/predict")
                .then().statusCode(503).body("code", equalTo("no-model"));
    }

    @Test
    @Order(2)
    void aCheckpointReadyEventLoadsTheModelAndPredictionsFollow() throws Exception {
        publishCheckpoint("cnn-inference-test", 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        given().contentType("image/png").body(png(new byte[FaceImage.PIXELS])).when().post("/predict")
                .then().statusCode(200)
                .body("model", equalTo("cnn-inference-test")).body("version", equalTo(1))
                .body("faces", hasSize(1))
                .body("faces[0].probabilities", aMapWithSize(7))
                .body("faces[0].box", equalTo(List.of(0, 0, 48, 48)));
        // a colour JPEG of another size goes through the same preprocessing
        java.awt.image.BufferedImage colour = new java.awt.image.BufferedImage(120, 90,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(colour, "jpg", jpeg);
        given().contentType("image/jpeg").body(jpeg.toByteArray()).when().post("/predict?model=cnn-inference-test")
                .then().statusCode(200).body("faces[0].box", equalTo(List.of(0, 0, 120, 90)));
    }

    @Test
    @Order(3)
    void aNewerCheckpointIsSwappedIn() throws Exception {
        publishCheckpoint("cnn-inference-test", 2);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().contentType("image/png").body(png(new byte[FaceImage.PIXELS])).when().post("/predict")
                        .then().statusCode(200).body("version", equalTo(2)));
    }

    @Test
    @Order(4)
    void badInputGetsA4xxWithASentenceAndNeverA5xx() {
        given().contentType("image/png").body("not an image at all".getBytes()).when().post("/predict")
                .then().statusCode(400).body("code", equalTo("invalid-image"));
        given().contentType("image/png").body(new byte[0]).when().post("/predict")
                .then().statusCode(400).body("error", containsString("empty"));
        given().contentType("application/json").body("{}").when().post("/predict").then().statusCode(415);
        given().contentType("image/png").body(pngHeaderClaiming(100_000, 100_000)).when().post("/predict")
                .then().statusCode(413).body("code", equalTo("image-too-large"));
        given().contentType("image/png").body(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0})
                .when().post("/predict").then().statusCode(400);
        given().contentType("image/png").body(new byte[FaceImage.PIXELS]).when().post("/predict?model=no-such-model")
                .then().statusCode(404).body("code", equalTo("unknown-model"));
    }

    /** Stores a freshly initialised cnn as a checkpoint, then announces it as the trainer would. */
    private static void publishCheckpoint(String modelId, int version) throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        S3Uri prefix = S3Uri.of("models", modelId + "/v" + version + "/");
        ModelCard card = new ModelCard(modelId, version, "cnn", Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "model", 1, true, new Lineage("d", "original", null, "j", "e", null), null,
                List.of(), Map.of(), "cpu", Instant.now());
        Djl.engine();
        try (Model model = Model.newInstance(modelId, Device.cpu(), "PyTorch")) {
            model.setBlock(Architectures.get("cnn").newBlock(7));
            model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 1, 48, 48));
            new CheckpointStore(store).save(prefix, model, card);
        }
        CheckpointReady event = new CheckpointReady("evt-" + modelId + "-" + version, modelId, version, "j", "cnn", "d",
                "original", prefix.toString(), "djl", Emotion.labels(), List.of(1, 48, 48), 1, true, null, Map.of(), "cpu",
                "e", List.of(), Instant.now());
        KafkaTestClient.send(Topics.CHECKPOINT_READY, modelId, Json.write(event));
    }

    private static byte[] png(byte[] pixels) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(FacePreprocessing.toImage(pixels), "png", out);
        return out.toByteArray();
    }

    /** A valid PNG signature and IHDR that declare a huge image, with no pixel data: a decompression bomb's header. */
    private static byte[] pngHeaderClaiming(int width, int height) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 25);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
