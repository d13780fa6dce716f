package io.ferperturb.inference.batch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Batches of an uploaded zip, in the application {@link BatchTest} runs in (the test profile allows 6 images, 300,000
 * bytes an image and 2,000,000 bytes a zip): answers equal to {@code POST /predict}'s with the same detector, error
 * lines for the entries that cannot be answered or must not be stored, 400 and 413 with a sentence for bad uploads.
 */
@QuarkusTest
@Order(5)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class BatchZipTest {
    static final String MODEL = "cnn-zipped:1";

    @BeforeAll
    static void storeModel() throws Exception {
        TestCheckpoints.store("cnn-zipped", 1, -1, false);
    }

    @Test
    void aZipIsAnsweredAsPredictAnswersWithThePinnedDetectorAndItsBadEntriesAreLines() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("photos/", null); // a directory: passed over
        entries.put("photos/group.png", BatchTest.GROUP);
        entries.put("photos/corrupt.png", BatchTest.CORRUPT);
        entries.put("wall.png", BatchTest.WALL);
        entries.put("../evil.png", BatchTest.FACE);
        entries.put("bomb.png", new byte[1_000_000]); // inflates past 300,000 bytes from a few kilobytes
        byte[] zip = zip(entries);
        assertTrue(zip.length < 100_000, "the bomb entry is small in the zip: " + zip.length);

        JsonPath started = postZip(zip, "model=" + MODEL + "&detector=haar").statusCode(202)
                .body("total", equalTo(5)).body("detector", equalTo("haar")).body("model", equalTo(MODEL))
                .body("source", endsWith("/inputs/")).extract().jsonPath();
        String id = started.getString("batchId");
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> given().when().get("/batches/" + id).then()
                .statusCode(200).body("batch.state", equalTo("succeeded")));
        given().when().get("/batches/" + id).then().body("batch.detector", equalTo("haar"))
                .body("batch.done", equalTo(5)).body("batch.errors", equalTo(4));

        String inputs = "_predictions/batches/" + id + "/inputs/";
        List<BatchLine> lines = given().when().get("/batches/" + id + "/results").then().statusCode(200).extract()
                .asString().lines().map(l -> Json.read(l.getBytes(StandardCharsets.UTF_8), BatchLine.class)).toList();
        JsonPath haar = predict(BatchTest.GROUP, "haar");
        List<BatchLine> faces = lines.stream().filter(l -> l.item().equals(inputs + "photos/group.png")).toList();
        assertEquals(haar.getList("faces").size(), faces.size(), "a line per face");
        for (int f = 0; f < faces.size(); f++) {
            BatchLine line = faces.get(f);
            assertNull(line.error());
            assertEquals(haar.getString("faces[" + f + "].emotion"), line.emotion());
            assertEquals(haar.<Integer>getList("faces[" + f + "].box"),
                    java.util.Arrays.stream(line.box()).boxed().toList());
            Map<String, Float> p = haar.getMap("faces[" + f + "].probabilities");
            p.forEach((k, v) -> assertEquals(v, line.probabilities().get(k).floatValue(), 0f, k));
        }
        assertFalse(haar.getList("faces.box").equals(predict(BatchTest.GROUP, "blazeface").getList("faces.box")),
                "the detectors find different boxes, so the lines show which one answered");

        assertTrue(error(lines, inputs + "photos/corrupt.png").contains("not a readable image"));
        assertTrue(error(lines, inputs + "wall.png").contains("no face"));
        assertTrue(error(lines, "../evil.png").contains(".."));
        assertTrue(error(lines, "bomb.png").contains("fer.inference.batches.max-image-bytes"));
        assertEquals(List.of(inputs + "photos/corrupt.png", inputs + "photos/group.png", inputs + "wall.png"),
                new ObjectStore(TestServers.s3().settings()).list(S3Uri.of("experiments", inputs)),
                "only the good names are stored, nothing outside inputs/");
    }

    @Test
    void badZipsAre4xxWithASentence() {
        postZip("this is not a zip".getBytes(StandardCharsets.UTF_8), "model=" + MODEL).statusCode(400)
                .body("error", containsString("not a readable zip"));
        Map<String, byte[]> seven = new LinkedHashMap<>();
        for (int i = 0; i < 7; i++) {
            seven.put(i + ".png", BatchTest.FACE);
        }
        postZip(zip(seven), "model=" + MODEL).statusCode(413)
                .body("error", containsString("fer.inference.batches.max-items"));
        byte[] noise = new byte[2_100_000];
        new Random(3).nextBytes(noise);
        postZip(zip(Map.of("noise.bin", noise)), "model=" + MODEL).statusCode(413)
                .body("error", containsString("fer.inference.batches.max-zip-bytes"));
        postZip(zip(Map.of("a.png", BatchTest.FACE)), "model=" + MODEL + "&detector=yolo").statusCode(400)
                .body("error", equalTo("detector must be 'haar' or 'blazeface', not 'yolo'"));
        postZip(zip(Map.of("photos/", new byte[0])), "model=" + MODEL).statusCode(400)
                .body("error", containsString("no file"));
    }

    private static ValidatableResponse postZip(byte[] zip, String query) {
        return given().contentType("application/zip").body(zip).when().post("/batches?" + query).then();
    }

    private static JsonPath predict(byte[] image, String detector) {
        return given().contentType("image/png").body(image).when()
                .post("/predict?model=" + MODEL + "&detector=" + detector).then().statusCode(200).extract().jsonPath();
    }

    private static String error(List<BatchLine> lines, String item) {
        List<BatchLine> mine = lines.stream().filter(l -> l.item().equals(item)).toList();
        assertEquals(1, mine.size(), item + ": one error line in " + lines);
        return mine.get(0).error();
    }

    /** A zip of the entries in order; a name ending in '/' is a directory. */
    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (!e.getKey().endsWith("/")) {
                    out.write(e.getValue());
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
