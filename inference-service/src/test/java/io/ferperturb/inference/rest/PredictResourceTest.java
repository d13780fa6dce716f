package io.ferperturb.inference.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.ServingModel;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.awt.Rectangle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service against a real Kafka broker and S3 server: readiness before and after the first model,
 * faces in group pictures, model names and aliases, ensembles and test-time augmentation, hot swap.
 * {@link OipResourceTest} and {@link RobustnessTest} run in the same application, after this class.
 */
@QuarkusTest
@Order(1)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictResourceTest {
    static final String MODEL = "cnn-inference-test";
    static final byte[] GREY_FACE = TestImages.facePng(new SyntheticFaceGenerator(3).draw(Emotion.HAPPY, 1));

    @Inject
    ModelRegistry registry;

    @Test
    @Order(1)
    void beforeAnyModelReadinessIsDownAndPredictAnswers503() {
        given().when().get("/q/health/ready").then().statusCode(503);
        given().when().get("/v2/health/ready").then().statusCode(503).body("error", containsString("no model is loaded"));
        given().when().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict")
                .then().statusCode(503).body("code", equalTo("no-model"));
    }

    @Test
    @Order(2)
    void aCheckpointReadyEventLoadsTheModelAndPredictionsFollow() throws Exception {
        TestCheckpoints.publish(MODEL, 1, -1, false);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        given().when().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict")
                .then().statusCode(200)
                .body("model", equalTo(MODEL)).body("version", equalTo(1))
                .body("faces", hasSize(1))
                .body("faces[0].probabilities", aMapWithSize(7))
                .body("faces[0].box", equalTo(List.of(0, 0, 48, 48)));
    }

    @Test
    @Order(3)
    void aGroupPictureGetsOneBoxAndOneDistributionPerFace() {
        TestImages.Group group = TestImages.group(3, 11);
        for (String format : List.of("png", "jpeg", "bmp", "gif")) {
            JsonPath body = given().contentType("image/" + format).body(TestImages.encode(group.image(), format))
                    .when().post("/predict").then().statusCode(200).body("faces", hasSize(3)).extract().jsonPath();
            List<List<Integer>> boxes = body.getList("faces.box");
            for (Rectangle face : group.faces()) {
                long hits = boxes.stream().filter(b -> face.contains(b.get(0) + b.get(2) / 2, b.get(1) + b.get(3) / 2)).count();
                assertEquals(1, hits, format + ": face " + face + " should have one box among " + boxes);
            }
            List<Map<String, Float>> distributions = body.getList("faces.probabilities");
            distributions.forEach(d -> assertEquals(1.0, d.values().stream().mapToDouble(Float::doubleValue).sum(), 1e-4));
        }
    }

    @Test
    @Order(3)
    void eitherDetectorIsChosenPerRequestAndAnUnknownOneIsABadRequest() {
        TestImages.Group group = TestImages.group(3, 11);
        byte[] png = TestImages.encode(group.image(), "png");
        for (String detector : List.of("blazeface", "haar", "HAAR")) {
            List<List<Integer>> boxes = given().contentType("image/png").body(png)
                    .when().post("/predict?detector=" + detector).then().statusCode(200).body("faces", hasSize(3))
                    .extract().jsonPath().getList("faces.box");
            for (Rectangle face : group.faces()) {
                assertEquals(1, boxes.stream().filter(b -> face.contains(b.get(0) + b.get(2) / 2, b.get(1) + b.get(3) / 2))
                        .count(), detector + ": face " + face + " should have one box among " + boxes);
            }
        }
        given().contentType("image/png").body(png).when().post("/predict?detector=yolo").then().statusCode(400)
                .body("code", equalTo("invalid-request"))
                .body("error", equalTo("detector must be 'haar' or 'blazeface', not 'yolo'"));
    }

    @Test
    @Order(4)
    void aPhotoWithoutFacesIs200WithNoFacesAndAMessage() {
        byte[] wall = TestImages.encode(TestImages.plain(640, 480), "jpeg");
        given().contentType("image/jpeg").body(wall).when().post("/predict").then().statusCode(200)
                .body("faces", hasSize(0)).body("message", containsString("no face"));
        given().contentType("image/jpeg").body(wall).when().post("/predict?faces=none").then().statusCode(200)
                .body("faces", hasSize(1)).body("faces[0].box", equalTo(List.of(0, 0, 640, 480)))
                .body("message", nullValue());
        given().contentType("image/jpeg").body(wall).when().post("/predict?faces=some").then().statusCode(400)
                .body("code", equalTo("invalid-request")).body("error", containsString("auto"));
    }

    @Test
    @Order(5)
    void modelsAreNamedByIdVersionAndAlias() throws Exception {
        TestCheckpoints.store("cnn-best", 1, 0.9, true);
        TestCheckpoints.store("cnn-good", 1, 0.5, false);
        TestCheckpoints.store("cnn-good", 2, 0.6, false);
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=best").then().statusCode(200)
                .body("model", equalTo("cnn-best")).body("version", equalTo(1));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=cnn-good").then().statusCode(200)
                .body("model", equalTo("cnn-good")).body("version", equalTo(2));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=cnn-good:1").then().statusCode(200)
                .body("version", equalTo(1));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=cnn-good:v2").then().statusCode(200)
                .body("version", equalTo(2));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=latest").then().statusCode(200)
                .body("model", equalTo(MODEL));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=cnn-good:v9").then().statusCode(404)
                .body("code", equalTo("unknown-model"));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=cnn-good:two").then().statusCode(400)
                .body("error", containsString("id:3"));
        // what the event loop may serve without blocking: only models already in memory
        for (String inMemory : List.of("latest", MODEL, MODEL + ":1", "cnn-good:1", "cnn-good:v2")) {
            ServingModel model = registry.acquireIfInMemory(ModelRef.parseSingle(inMemory));
            assertNotNull(model, inMemory + " is in memory");
            model.release();
        }
        ServingModel first = registry.acquireIfInMemory(ModelRef.parseSingle("cnn-good:v1"));
        assertEquals(1, first.card().version());
        first.release();
        for (String needsS3 : List.of("best", "cnn-best", "cnn-good", "cnn-good:9", "nobody")) {
            assertNull(registry.acquireIfInMemory(ModelRef.parseSingle(needsS3)), needsS3 + " needs the catalogue or a load first");
        }
    }

    @Test
    @Order(6)
    void anEnsembleSumsItsMembersLogits() {
        String members = "ensemble:cnn-good:1,cnn-best";
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=" + members).then().statusCode(200)
                .body("model", equalTo(members)).body("version", equalTo(0))
                .body("members", equalTo(List.of("cnn-good:1", "cnn-best:1"))).body("faces", hasSize(1));
        float[] a = v2Logits("cnn-good:1");
        float[] b = v2Logits("cnn-best");
        float[] sum = v2Logits(members);
        for (int i = 0; i < sum.length; i++) {
            assertEquals(a[i] + b[i], sum[i], 1e-4, "logit " + i);
        }
        // one syntax everywhere: answers name the ensemble canonically, and OIP's readiness takes ensembles too
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=ensemble: cnn-good:v1,cnn-best")
                .then().statusCode(200).body("model", equalTo(members));
        given().when().get("/v2/models/" + members + "/ready").then().statusCode(200)
                .body("name", equalTo(members)).body("version", equalTo(0));
        given().when().get("/v2/models/cnn-good:vx/ready").then().statusCode(400)
                .body("code", equalTo("invalid-request")).body("error", containsString("id:3"));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=ensemble:cnn-good,,x").then()
                .statusCode(400).body("error", containsString("empty member"));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=ensemble:cnn-good,ensemble:x")
                .then().statusCode(400).body("code", equalTo("invalid-request"));
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=ensemble:cnn-good,nobody").then()
                .statusCode(404);
    }

    @Test
    @Order(7)
    void testTimeAugmentationSumsTheMaskedCopiesWithTheModelsClusterMap() {
        byte[] face = new SyntheticFaceGenerator(3).draw(Emotion.HAPPY, 1);
        var masker = new io.ferperturb.domain.perturbation.RegionMasker(TestCheckpoints.clusterMap());
        byte[] set = masker.testTimeSet(face);
        float[] expected = new float[7];
        try (var loaded = TestCheckpoints.load("cnn-best", 1)) {
            var classifier = new io.ferperturb.models.EmotionClassifier(loaded);
            byte[][] copies = new byte[4][];
            for (int c = 0; c < 4; c++) {
                copies[c] = java.util.Arrays.copyOfRange(set, c * FaceImage.PIXELS, (c + 1) * FaceImage.PIXELS);
            }
            for (float[] row : classifier.logits(copies)) {
                for (int j = 0; j < 7; j++) {
                    expected[j] += row[j];
                }
            }
        }
        io.ferperturb.models.EmotionClassifier.softmaxInPlace(expected);
        Map<String, Float> got = given().contentType("image/png").body(TestImages.facePng(face))
                .when().post("/predict?model=cnn-best&tta=true").then().statusCode(200).body("tta", equalTo(true))
                .extract().jsonPath().getMap("faces[0].probabilities");
        List<String> classes = Emotion.labels();
        for (int j = 0; j < 7; j++) {
            assertEquals(expected[j], got.get(classes.get(j)), 1e-4, classes.get(j));
        }
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=cnn-good&tta=true").then()
                .statusCode(400).body("error", containsString("cluster map"));
    }

    @Test
    @Order(8)
    void aNewerCheckpointIsSwappedInAndTheOldOneClosesWhenItsLastUserLetsGo() throws Exception {
        ServingModel held = registry.acquire(ModelRef.Alias.LATEST); // a request still busy with version 1
        assertEquals(1, held.card().version());
        TestCheckpoints.publish(MODEL, 2, -1, false);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().contentType("image/png").body(GREY_FACE).when().post("/predict")
                        .then().statusCode(200).body("version", equalTo(2)));
        assertFalse(held.isClosed(), "swapped out, but still held");
        assertEquals(1, held.classifier().logits(new byte[][] {new byte[FaceImage.PIXELS]}).length, "and still answers");
        held.release();
        assertTrue(held.isClosed(), "closed as soon as its last user released it");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("fer_inference_model_version 2.0"))
                .body(containsString("fer_inference_batch_size_count"))
                .body(containsString("fer_inference_queue_time_seconds_count"))
                .body(containsString("fer_inference_forward_time_seconds_count"))
                .body(containsString("fer_inference_faces_count"))
                .body(containsString("fer_inference_latency_seconds_bucket"));
    }

    @Test
    @Order(9)
    void badInputGetsA4xxWithASentenceAndNeverA5xx() {
        given().contentType("image/png").body("not an image at all".getBytes()).when().post("/predict")
                .then().statusCode(400).body("code", equalTo("invalid-image"));
        given().contentType("image/png").body(new byte[0]).when().post("/predict")
                .then().statusCode(400).body("error", containsString("empty"));
        given().contentType("application/json").body("{}").when().post("/predict").then().statusCode(415);
        given().contentType("image/png").body(TestImages.pngHeaderClaiming(100_000, 100_000)).when().post("/predict")
                .then().statusCode(413).body("code", equalTo("image-too-large"));
        given().contentType("image/png").body(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0})
                .when().post("/predict").then().statusCode(400);
        given().contentType("image/png").body(GREY_FACE).when().post("/predict?model=no-such-model")
                .then().statusCode(404).body("code", equalTo("unknown-model"));
    }

    @Test
    @Order(10)
    void aModelTrainedOn40By40CropsAnswersWithTheMeanOverEachFacesTenCrop() throws Exception {
        TestCheckpoints.store("cnn-cropped", 1, -1, true, 40);
        // stored without an announcement: found when the catalogue looks in S3 again (at most once a second)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().contentType("image/png").body(GREY_FACE)
                .when().post("/predict?model=cnn-cropped").then().statusCode(200));
        byte[] face = new SyntheticFaceGenerator(3).draw(Emotion.SAD, 2);
        byte[] set = new io.ferperturb.domain.perturbation.RegionMasker(TestCheckpoints.clusterMap()).testTimeSet(face);
        byte[][] copies = new byte[4][];
        for (int c = 0; c < 4; c++) {
            copies[c] = java.util.Arrays.copyOfRange(set, c * FaceImage.PIXELS, (c + 1) * FaceImage.PIXELS);
        }
        float[] plain;
        float[] tta = new float[7];
        try (var loaded = TestCheckpoints.load("cnn-cropped", 1)) {
            assertEquals(40, loaded.card().inputSide());
            // the classifier's answer for a cropped model: the mean logits over the face's TenCrop
            var classifier = new io.ferperturb.models.EmotionClassifier(loaded);
            plain = classifier.logits(new byte[][] {face})[0];
            for (float[] row : classifier.logits(copies)) {
                for (int j = 0; j < 7; j++) {
                    tta[j] += row[j];
                }
            }
        }
        io.ferperturb.models.EmotionClassifier.softmaxInPlace(plain);
        io.ferperturb.models.EmotionClassifier.softmaxInPlace(tta);
        List<String> classes = Emotion.labels();
        for (String query : List.of("", "&tta=true")) {
            Map<String, Float> got = given().contentType("image/png").body(TestImages.facePng(face))
                    .when().post("/predict?model=cnn-cropped" + query).then().statusCode(200)
                    .body("model", equalTo("cnn-cropped")).body("faces", hasSize(1))
                    .body("faces[0].probabilities", aMapWithSize(7))
                    .extract().jsonPath().getMap("faces[0].probabilities");
            float[] expected = query.isEmpty() ? plain : tta;
            for (int j = 0; j < 7; j++) {
                assertEquals(expected[j], got.get(classes.get(j)), 1e-4, classes.get(j) + query);
            }
        }
        // an ensemble sums logits of one input tensor (OIP too), so a cropped and a whole-face model do not mix
        given().contentType("image/png").body(TestImages.facePng(face))
                .when().post("/predict?model=ensemble:cnn-cropped,cnn-best").then().statusCode(400)
                .body("error", containsString("input size"));
    }

    /** Logits of {@link #GREY_FACE}'s pixels through {@code POST /v2/models/{model}/infer} (FP32). */
    static float[] v2Logits(String model) {
        List<Float> logits = given().contentType("application/json")
                .body(OipResourceTest.fp32Request(List.of(new SyntheticFaceGenerator(3).draw(Emotion.HAPPY, 1))))
                .when().post("/v2/models/" + model + "/infer").then().statusCode(200)
                .body("outputs.name", hasItems("logits", "probabilities", "emotion"))
                .extract().jsonPath().getList("outputs.find { it.name == 'logits' }.data", Float.class);
        float[] out = new float[logits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = logits.get(i);
        }
        assertTrue(out.length == 7, "one row of 7 logits");
        return out;
    }
}
