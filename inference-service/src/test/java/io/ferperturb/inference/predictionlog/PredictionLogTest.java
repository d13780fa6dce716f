package io.ferperturb.inference.predictionlog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.PredictionLogged;
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
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prediction log switched on (every request, images stored), against the real broker and S3 server: what
 * {@code POST /predict} and OIP infer answer is what the {@code predictions} topic carries, under the request's id.
 */
@QuarkusTest
@TestProfile(PredictionLogProfiles.Everything.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class PredictionLogTest {
    static final String MODEL = "cnn-logged";

    @BeforeAll
    static void storeModel() throws Exception {
        TestCheckpoints.store(MODEL, 1, -1, false);
    }

    @Test
    void eachFaceOfAnAnsweredPredictionIsLoggedAsAnswered() {
        TestImages.Group group = TestImages.group(2, 5);
        byte[] photo = TestImages.encode(group.image(), "png");
        Response response = given().contentType("image/png").header("X-Request-Id", "client-id-1").body(photo)
                .when().post("/predict?model=" + MODEL).then().statusCode(200).header("X-Request-Id", "client-id-1")
                .body("faces", hasSize(2)).extract().response();
        JsonPath answer = response.jsonPath();

        List<PredictionLogged> records = LoggedRecords.of("client-id-1", 2).stream()
                .sorted(Comparator.comparingInt(PredictionLogged::face)).toList();
        assertEquals(2, records.size(), "one record per face");
        for (int f = 0; f < 2; f++) {
            PredictionLogged r = records.get(f);
            assertEquals(f, r.face());
            assertEquals("predict", r.endpoint());
            assertEquals(MODEL, r.modelRequested());
            assertEquals(MODEL, r.modelId());
            assertEquals(1, r.version());
            assertEquals(answer.getString("faces[" + f + "].emotion"), r.emotion());
            assertEquals(answer.<Integer>getList("faces[" + f + "].box"), toList(r.box()));
            Map<String, Float> probabilities = answer.getMap("faces[" + f + "].probabilities");
            assertEquals(probabilities.keySet(), r.probabilities().keySet());
            probabilities.forEach((k, v) -> assertEquals(v.doubleValue(), r.probabilities().get(k), 0.0, k));
            assertEquals(answer.getDouble("latencyMs"), r.latencyMs(), 1e-3); // JsonPath reads floats
            assertNotNull(r.replica());
            assertNotNull(r.loggedAt());
        }
        // the record names the stored image, never holds it
        byte[] stored = new ObjectStore(TestServers.s3().settings()).get(S3Uri.parse(records.get(0).imageUri()));
        assertArrayEquals(photo, stored);
    }

    @Test
    void aRequestWithoutAnIdGetsOneAnsweredAndLoggedUnderIt() {
        byte[] face = TestImages.facePng(new SyntheticFaceGenerator(4).draw(Emotion.SAD, 2));
        Response response = given().contentType("image/png").body(face).when().post("/predict?model=" + MODEL)
                .then().statusCode(200).extract().response();
        String id = response.header("X-Request-Id");
        assertNotNull(id, "the server made an id and answered with it");
        List<PredictionLogged> records = LoggedRecords.of(id, 1);
        assertEquals(1, records.size());
        assertEquals(response.jsonPath().getString("faces[0].emotion"), records.get(0).emotion());
    }

    @Test
    void anImageWithoutAFaceIsOneRecordWithoutAFace() {
        byte[] wall = TestImages.encode(TestImages.plain(320, 240), "png");
        given().contentType("image/png").header("X-Request-Id", "no-face-1").body(wall)
                .when().post("/predict?model=" + MODEL).then().statusCode(200).body("faces", hasSize(0));
        List<PredictionLogged> records = LoggedRecords.of("no-face-1", 1);
        assertEquals(1, records.size());
        assertEquals(-1, records.get(0).face());
        assertNull(records.get(0).emotion());
        assertNull(records.get(0).probabilities());
    }

    @Test
    void openInferenceProtocolAnswersAreLoggedToo() {
        byte[] face = TestImages.facePng(new SyntheticFaceGenerator(6).draw(Emotion.HAPPY, 3));
        String body = "{\"inputs\": [{\"name\": \"images\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\""
                + Base64.getEncoder().encodeToString(face) + "\"]}]}";
        JsonPath answer = given().contentType("application/json").header("X-Request-Id", "oip-1").body(body)
                .when().post("/v2/models/" + MODEL + "/infer").then().statusCode(200)
                .header("X-Request-Id", "oip-1").extract().jsonPath();
        List<PredictionLogged> records = LoggedRecords.of("oip-1", 1);
        assertEquals(1, records.size());
        PredictionLogged r = records.get(0);
        assertEquals("v2-infer", r.endpoint());
        assertEquals(answer.getString("outputs.find { it.name == 'emotion' }.data[0]"), r.emotion());
        List<Float> probabilities = answer.getList("outputs.find { it.name == 'probabilities' }.data", Float.class);
        List<Double> logged = List.copyOf(r.probabilities().values());
        for (int c = 0; c < probabilities.size(); c++) {
            assertEquals(probabilities.get(c), logged.get(c).floatValue(), 0f, "class " + c);
        }
    }

    @Test
    void theRecentMixCountsTheLoggedFaces() {
        for (int i = 0; i < 3; i++) {
            given().contentType("image/png").header("X-Request-Id", "mix-" + i)
                    .body(TestImages.facePng(new SyntheticFaceGenerator(10 + i).draw(Emotion.of(i), i)))
                    .when().post("/predict?model=" + MODEL).then().statusCode(200);
        }
        assertEquals(3, LoggedRecords.of("mix-2", 1).size() + LoggedRecords.of("mix-1", 1).size()
                + LoggedRecords.of("mix-0", 1).size());
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonPath mix = given().when().get("/predictions/recent?n=3").then().statusCode(200)
                    .body("logEnabled", equalTo(true)).body("records", equalTo(3)).extract().jsonPath();
            Map<String, Integer> classes = mix.getMap("classMix");
            assertEquals(3, classes.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(Map.of(MODEL + ":1", 3), mix.getMap("models"));
            assertTrue(mix.getDouble("meanConfidence") > 0 && mix.getDouble("meanConfidence") <= 1);
        });
    }

    @Test
    void badCountsAndBadIdsAre400WithASentence() {
        given().when().get("/predictions/recent?n=0").then().statusCode(400).body("code", equalTo("invalid-request"));
        given().when().get("/predictions/recent?n=lots").then().statusCode(400);
        given().when().get("/predictions/recent?n=1000000").then().statusCode(400);
        given().contentType("image/png").header("X-Request-Id", "bad id with spaces").body(new byte[] {1})
                .when().post("/predict").then().statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("X-Request-Id"));
    }

    private static List<Integer> toList(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
