package io.ferperturb.saliency.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The endpoints against a real Kafka broker and S3 server; {@link MalformedInputTest} runs after it, on its models. */
@QuarkusTest
@Order(1)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SaliencyResourceTest {
    private static final String MODEL = "cnn-saliency-test";
    private static final String OTHER = "attention-saliency-test";
    private static final String DATASET = "saliency-test-faces";
    private static final int MAP = 48 * 4; // default scale 4

    @Test
    @Order(1)
    void beforeAnyModelReadinessIsDownAndSaliencyAnswers503() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(503);
        given().contentType("image/png").body(face()).when().post("/saliency")
                .then().statusCode(503).body("code", equalTo("no-model"));
    }

    @Test
    @Order(2)
    void aCheckpointReadyEventLoadsTheModel() throws Exception {
        TestCheckpoints.publish(MODEL, "cnn", 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
    }

    @Order(3)
    @ParameterizedTest
    @ValueSource(strings = {"gradient", "smoothgrad", "integrated-gradients", "gradcam"})
    void everyMethodAnswersJsonAndPng(String method) throws Exception {
        given().contentType("image/png").body(face()).queryParam("method", method).queryParam("format", "json")
                .when().post("/saliency")
                .then().statusCode(200)
                .body("model", equalTo(MODEL)).body("method", equalTo(method)).body("target", notNullValue())
                .body("width", equalTo(48)).body("height", equalTo(48))
                .body("values", hasSize(48 * 48))
                .body("values", everyItem(greaterThanOrEqualTo(0f))).body("values", everyItem(lessThanOrEqualTo(1f)))
                .body("rawMax", greaterThanOrEqualTo(0f))
                .body("deletion.fraction", equalTo(0.1f)).body("deletion.score", notNullValue());
        BufferedImage overlay = png(given().contentType("image/png").body(face()).queryParam("method", method)
                .when().post("/saliency").then().statusCode(200).contentType("image/png").extract().asByteArray());
        assertEquals(MAP, overlay.getWidth());
        assertEquals(MAP, overlay.getHeight());
        BufferedImage sideBySide = png(given().contentType("image/png").body(face()).queryParam("method", method)
                .queryParam("layout", "side-by-side").when().post("/saliency").then().statusCode(200)
                .extract().asByteArray());
        assertTrue(sideBySide.getWidth() > 2 * MAP, "two panels: " + sideBySide.getWidth());
    }

    @Test
    @Order(4)
    void aNamedTargetIsExplainedAndAnUnknownOneIsRefused() throws Exception {
        given().contentType("image/png").body(face()).queryParam("target", "fear").queryParam("format", "json")
                .when().post("/saliency").then().statusCode(200).body("target", equalTo("fear"));
        given().contentType("image/png").body(face()).queryParam("target", "bored")
                .when().post("/saliency").then().statusCode(400).body("error", containsString("predicted or one of"));
    }

    @Test
    @Order(5)
    void compareDrawsTheInputAndEachModelSideBySide() throws Exception {
        TestCheckpoints.store(OTHER, "attention-cnn", 1);
        BufferedImage figure = png(given().contentType("image/png").body(face())
                .queryParam("models", MODEL + "," + OTHER).queryParam("method", "gradcam")
                .when().post("/saliency/compare").then().statusCode(200).contentType("image/png").extract().asByteArray());
        assertTrue(figure.getWidth() > 3 * MAP, "input and two maps: " + figure.getWidth());
        given().contentType("image/png").body(face()).queryParam("models", MODEL + ",no-such-model")
                .when().post("/saliency/compare").then().statusCode(404).body("code", equalTo("unknown-model"));
        given().contentType("image/png").body(face()).when().post("/saliency/compare").then().statusCode(400);
    }

    @Test
    @Order(6)
    void classMeansCoverEveryEmotionOfTheTestSplitForEachModel() throws Exception {
        TestCheckpoints.dataset(DATASET, 30); // 3 PrivateTest faces per emotion
        given().queryParam("model", MODEL + "," + OTHER).queryParam("datasetId", DATASET).queryParam("format", "json")
                .when().get("/saliency/classes")
                .then().statusCode(200)
                .body("models.model", equalTo(List.of(MODEL, OTHER)))
                .body("emotions", equalTo(Emotion.labels()))
                .body("faces", equalTo(List.of(3, 3, 3, 3, 3, 3, 3)))
                .body("maps", hasSize(2)).body("maps[0]", hasSize(7)).body("maps[1][6]", hasSize(48 * 48));
        BufferedImage grid = png(given().queryParam("model", MODEL + "," + OTHER).queryParam("datasetId", DATASET)
                .when().get("/saliency/classes").then().statusCode(200).contentType("image/png").extract().asByteArray());
        assertTrue(grid.getWidth() > 7 * MAP && grid.getHeight() > 2 * MAP, grid.getWidth() + "×" + grid.getHeight());
        given().queryParam("datasetId", "no-such-dataset").when().get("/saliency/classes")
                .then().statusCode(404).body("code", equalTo("unknown-dataset"));
        given().queryParam("datasetId", "../etc").when().get("/saliency/classes").then().statusCode(400);
    }

    @Test
    @Order(7)
    void badInputGetsA4xxWithASentenceAndNeverA5xx() throws Exception {
        given().contentType("image/png").body("not an image at all".getBytes()).when().post("/saliency")
                .then().statusCode(400).body("code", equalTo("invalid-image"));
        given().contentType("image/png").body(new byte[0]).when().post("/saliency")
                .then().statusCode(400).body("error", containsString("empty"));
        given().contentType("application/json").body("{}").when().post("/saliency").then().statusCode(415);
        given().contentType("image/png").body(pngHeaderClaiming(100_000, 100_000)).when().post("/saliency")
                .then().statusCode(413).body("code", equalTo("image-too-large"));
        given().contentType("image/png").body(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0})
                .when().post("/saliency").then().statusCode(400);
        given().contentType("image/png").body(face()).queryParam("model", "no-such-model").when().post("/saliency")
                .then().statusCode(404).body("code", equalTo("unknown-model"));
        // the model syntax of every service; a map is of one model, so an ensemble is refused with the reason
        given().contentType("image/png").body(face()).queryParam("model", "ensemble:a,b").when().post("/saliency")
                .then().statusCode(400).body("code", equalTo("invalid-request")).body("error", containsString("single models"));
        given().contentType("image/png").body(face()).queryParam("model", "a:vx").when().post("/saliency")
                .then().statusCode(400).body("code", equalTo("invalid-request")).body("error", containsString("id:3"));
        for (String[] query : new String[][] {{"method", "occlusion"}, {"format", "gif"}, {"layout", "diagonal"},
                {"scale", "0"}, {"samples", "0"}, {"sigma", "3"}, {"steps", "100000"}, {"baseline", "300"}}) {
            given().contentType("image/png").body(face()).queryParam(query[0], query[1])
                    .when().post("/saliency").then().statusCode(400).body("code", equalTo("invalid-request"))
                    .body("error", containsString(query[0]));
        }
    }

    private static byte[] face() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(FacePreprocessing.toImage(new SyntheticFaceGenerator(1).draw(Emotion.HAPPY, 0)), "png", out);
        return out.toByteArray();
    }

    private static BufferedImage png(byte[] bytes) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertTrue(image != null, "not a PNG");
        return image;
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
