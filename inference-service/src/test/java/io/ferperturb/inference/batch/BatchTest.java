package io.ferperturb.inference.batch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Batch jobs against the real S3 server (in the application {@code PredictResourceTest} starts, where the test
 * profile sets chunks of 2 images, at most 6 images and 300,000 bytes an image): answers equal to {@code POST
 * /predict}'s, error lines for what cannot be answered, resumption from the cursor, limits.
 */
@QuarkusTest
@Order(5)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class BatchTest {
    static final String MODEL = "cnn-batched:1";
    static final byte[] FACE = TestImages.facePng(new SyntheticFaceGenerator(21).draw(Emotion.SURPRISE, 1));
    static final byte[] GROUP = TestImages.encode(TestImages.group(2, 8).image(), "png");
    static final byte[] CORRUPT = java.util.Arrays.copyOf(GROUP, 200);
    static final byte[] WALL = TestImages.encode(TestImages.plain(320, 240), "png");

    @Inject
    BatchStore batches;

    @BeforeAll
    static void storeModel() throws Exception {
        TestCheckpoints.store("cnn-batched", 1, -1, false);
    }

    @Test
    void aBatchAnswersEveryGoodImageAsPredictDoesAndLinesTheBadOnes() {
        String prefix = "batch-" + UUID.randomUUID() + "/";
        Map<String, byte[]> images = new LinkedHashMap<>();
        images.put(prefix + "a-face.png", FACE);
        images.put(prefix + "b-group.png", GROUP);
        images.put(prefix + "c-corrupt.png", CORRUPT);
        images.put(prefix + "d-wall.png", WALL);
        images.put(prefix + "e-huge.png", noise(400, 400));
        images.forEach(BatchTest::put);

        String id = given().contentType("application/json")
                .body("{\"source\": \"s3://datasets/" + prefix + "\", \"model\": \"" + MODEL + "\", \"format\": \"csv\"}")
                .when().post("/batches").then().statusCode(202).body("state", equalTo("running"))
                .body("total", equalTo(5)).body("model", equalTo(MODEL)).extract().path("batchId");
        awaitEnd(id);
        given().when().get("/batches/" + id).then().statusCode(200).body("batch.done", equalTo(5))
                .body("batch.errors", equalTo(3)).body("etaSeconds", equalTo(0));

        List<BatchLine> lines = jsonl(id);
        for (String good : List.of("a-face.png", "b-group.png")) {
            JsonPath answer = given().contentType("image/png").body(images.get(prefix + good))
                    .when().post("/predict?model=" + MODEL).then().statusCode(200).extract().jsonPath();
            List<BatchLine> faces = lines.stream().filter(l -> l.item().equals(prefix + good)).toList();
            assertEquals(answer.getList("faces").size(), faces.size(), good + ": a line per face");
            for (int f = 0; f < faces.size(); f++) {
                BatchLine line = faces.get(f);
                assertNull(line.error());
                assertEquals(answer.getString("faces[" + f + "].emotion"), line.emotion());
                assertEquals(answer.<Integer>getList("faces[" + f + "].box"),
                        java.util.Arrays.stream(line.box()).boxed().toList());
                Map<String, Float> p = answer.getMap("faces[" + f + "].probabilities");
                p.forEach((k, v) -> assertEquals(v, line.probabilities().get(k).floatValue(), 0f, good + " " + k));
            }
        }
        assertTrue(error(lines, prefix + "c-corrupt.png").contains("not a readable image"));
        assertTrue(error(lines, prefix + "d-wall.png").contains("no face"));
        assertTrue(error(lines, prefix + "e-huge.png").contains("fer.inference.batches.max-image-bytes"));

        String csv = given().when().get("/batches/" + id + "/results").then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        List<String> rows = csv.lines().toList();
        assertTrue(rows.get(0).startsWith("item,face,x,y,w,h,emotion,"), rows.get(0));
        assertEquals(lines.size() + 1, rows.size(), "a header and a row per line");
    }

    @Test
    void aRestartedBatchGoesOnFromItsCursor() {
        String prefix = "resumed-" + UUID.randomUUID() + "/";
        put(prefix + "1.png", FACE);
        put(prefix + "2.png", WALL);
        put(prefix + "3.png", FACE);
        String id = UUID.randomUUID().toString();
        List<BatchStore.Item> items = List.of(new BatchStore.Item(prefix + "1.png", FACE.length),
                new BatchStore.Item(prefix + "2.png", WALL.length), new BatchStore.Item(prefix + "3.png", FACE.length));
        // as a replica left it when it stopped: one image done and saved, its lease lapsed
        Instant then = Instant.now().minusSeconds(600);
        batches.putItems(id, new BatchStore.Items("datasets", items));
        batches.claim(id, 1, new BatchStore.Claim("gone-replica", then));
        batches.putPart(id, 0, List.of(BatchLine.failed(prefix + "1.png", "answered before the restart")));
        batches.putStatus(new BatchStatus(id, BatchStatus.RUNNING, "s3://datasets/" + prefix, MODEL, MODEL,
                Emotion.labels(), false, "auto", "haar", "jsonl", 3, 1, 1, "gone-replica", 1, then.plusSeconds(120), then, then,
                0, then, null, null));

        given().when().get("/batches/" + id).then().statusCode(200).body("batch.attempt", equalTo(2));
        awaitEnd(id);
        List<BatchLine> lines = jsonl(id);
        assertEquals("answered before the restart", lines.get(0).error(), "the first image was not redone");
        assertTrue(error(lines, prefix + "2.png").contains("no face"));
        assertEquals(1, lines.stream().filter(l -> l.item().equals(prefix + "3.png") && l.error() == null).count());
        given().when().get("/batches/" + id).then().body("batch.errors", equalTo(2)).body("batch.done", equalTo(3));
    }

    @Test
    void badBatchesAre4xxWithASentence() {
        String six = "six-" + UUID.randomUUID() + "/";
        for (int i = 0; i < 7; i++) {
            put(six + i + ".png", FACE);
        }
        post("{\"source\": \"s3://datasets/" + six + "\", \"model\": \"" + MODEL + "\"}").statusCode(413)
                .body("error", containsString("fer.inference.batches.max-items"));
        post("{\"source\": \"s3://models/x/\"}").statusCode(400).body("error", containsString("datasets bucket"));
        post("{\"source\": \"s3://datasets/nothing-here-" + UUID.randomUUID() + "/\", \"model\": \"" + MODEL + "\"}")
                .statusCode(400).body("error", containsString("no object"));
        post("{\"source\": \"s3://datasets/" + six + "\", \"format\": \"xml\"}").statusCode(400)
                .body("error", containsString("jsonl or csv"));
        post("{}").statusCode(400).body("error", containsString("source"));
        post("{\"source\": \"s3://datasets/" + six + "\", \"detector\": \"yolo\"}").statusCode(400)
                .body("error", equalTo("detector must be 'haar' or 'blazeface', not 'yolo'"));
        given().when().get("/batches/" + UUID.randomUUID()).then().statusCode(404).body("code", equalTo("unknown-batch"));
        given().when().get("/batches/..%2F..%2Fsecrets").then().statusCode(404);
    }

    @Test
    void aBatchPinsTheDetectorItStartsWith() {
        String prefix = "detector-" + UUID.randomUUID() + "/";
        put(prefix + "1.png", FACE);
        String byDefault = post("{\"source\": \"s3://datasets/" + prefix + "\", \"model\": \"" + MODEL + "\"}")
                .statusCode(202).body("detector", equalTo("blazeface")).extract().path("batchId");
        String chosen = post("{\"source\": \"s3://datasets/" + prefix + "\", \"model\": \"" + MODEL + "\", "
                + "\"detector\": \"HAAR\"}").statusCode(202).body("detector", equalTo("haar")).extract().path("batchId");
        awaitEnd(byDefault);
        awaitEnd(chosen);
        given().when().get("/batches/" + byDefault).then().body("batch.detector", equalTo("blazeface"));
        given().when().get("/batches/" + chosen).then().body("batch.detector", equalTo("haar"));
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType("application/json").body(body).when().post("/batches").then();
    }

    private static void awaitEnd(String id) {
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> given().when().get("/batches/" + id).then()
                .statusCode(200).body("batch.state", equalTo("succeeded")));
    }

    private static List<BatchLine> jsonl(String id) {
        String body = given().when().get("/batches/" + id + "/results?format=jsonl").then().statusCode(200)
                .extract().asString();
        return body.lines().map(l -> Json.read(l.getBytes(StandardCharsets.UTF_8), BatchLine.class)).toList();
    }

    private static String error(List<BatchLine> lines, String item) {
        List<BatchLine> mine = lines.stream().filter(l -> l.item().equals(item)).toList();
        assertEquals(1, mine.size(), item + ": one error line");
        return mine.get(0).error();
    }

    private static void put(String key, byte[] bytes) {
        new ObjectStore(TestServers.s3().settings()).put(S3Uri.of("datasets", key), bytes, "image/png");
    }

    /** A PNG of random pixels: it does not compress, so it is larger than the test's 300,000-byte limit. */
    private static byte[] noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return TestImages.encode(image, "png");
    }
}
