package io.ferperturb.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Open Inference Protocol v2, after {@link PredictResourceTest} has loaded and stored its models. */
@QuarkusTest
@Order(2)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class OipResourceTest {

    @Test
    void listsEveryFinalCheckpointWithMetricsAndLineage() {
        given().when().get("/v2/models").then().statusCode(200)
                .body("models.name", hasItems(PredictResourceTest.MODEL, "cnn-best", "cnn-good"))
                .body("models.find { it.name == 'cnn-best' }.metrics.balancedAccuracy", equalTo(0.9f))
                .body("models.find { it.name == 'cnn-best' }.lineage.datasetVariant", equalTo("perturbed"))
                .body("models.find { it.name == 'cnn-best' }.lineage.parentDatasetId", equalTo("d"))
                .body("models.find { it.name == 'cnn-inference-test' && it.version == 2 }.isDefault", equalTo(true))
                // three named checkpoints were used, two may stay loaded (%test.fer.serving.max-named-models)
                .body("models.findAll { it.loaded && !it.isDefault }.size()", equalTo(2));
    }

    @Test
    void describesAModelAndItsTensors() {
        given().when().get("/v2/models/cnn-good").then().statusCode(200)
                .body("name", equalTo("cnn-good")).body("versions", equalTo(List.of("1", "2")))
                .body("inputs.datatype", equalTo(List.of("FP32", "BYTES")))
                .body("inputs[0].shape", equalTo(List.of(-1, 1, 48, 48)))
                .body("parameters.metrics.balancedAccuracy", equalTo(0.6f));
        given().when().get("/v2/models/cnn-good/ready").then().statusCode(200).body("ready", equalTo(true));
        given().when().get("/v2/models/nobody").then().statusCode(404);
        given().when().get("/v2/models/nobody/ready").then().statusCode(404);
    }

    @Test
    void infersFp32TensorsInOneBatch() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(5);
        List<byte[]> faces = List.of(generator.draw(Emotion.ANGRY, 1), generator.draw(Emotion.SURPRISE, 2));
        given().contentType("application/json").body(fp32Request(faces)).when().post("/v2/models/latest/infer")
                .then().statusCode(200)
                .body("model_name", equalTo(PredictResourceTest.MODEL)).body("id", equalTo("req-1"))
                .body("outputs.find { it.name == 'probabilities' }.shape", equalTo(List.of(2, 7)))
                .body("outputs.find { it.name == 'emotion' }.data.size()", equalTo(2));
    }

    @Test
    void infersBase64ImagesWithFacesDetected() {
        TestImages.Group group = TestImages.group(3, 11);
        String photo = Base64.getEncoder().encodeToString(TestImages.encode(group.image(), "png"));
        String face = Base64.getEncoder().encodeToString(PredictResourceTest.GREY_FACE);
        Map<String, Object> request = Map.of("inputs", List.of(Map.of("name", "images", "datatype", "BYTES",
                "shape", List.of(2), "data", List.of(photo, face))));
        given().contentType("application/json").body(Json.write(request)).when().post("/v2/models/latest/infer")
                .then().statusCode(200)
                .body("outputs.find { it.name == 'probabilities' }.shape", equalTo(List.of(4, 7)))
                .body("outputs.find { it.name == 'box' }.shape", equalTo(List.of(4, 4)))
                .body("outputs.find { it.name == 'image_index' }.data", equalTo(List.of(0, 0, 0, 1)));
    }

    @Test
    void malformedRequestsAre400WithAReason() {
        String wrongShape = Json.write(Map.of("inputs", List.of(Map.of("name", "x", "datatype", "FP32",
                "shape", List.of(1, 1, 32, 32), "data", new float[32 * 32]))));
        given().contentType("application/json").body(wrongShape).when().post("/v2/models/latest/infer")
                .then().statusCode(400).body("error", containsString("[N, 1, 48, 48]"));
        String shortData = Json.write(Map.of("inputs", List.of(Map.of("name", "x", "datatype", "FP32",
                "shape", List.of(2, 1, 48, 48), "data", new float[48 * 48]))));
        given().contentType("application/json").body(shortData).when().post("/v2/models/latest/infer")
                .then().statusCode(400).body("error", containsString("needs 4608 values"));
        given().contentType("application/json").body("{\"inputs\": [").when().post("/v2/models/latest/infer")
                .then().statusCode(400).body("code", equalTo("invalid-request"));
        String notBase64 = Json.write(Map.of("inputs", List.of(Map.of("name", "x", "datatype", "BYTES",
                "shape", List.of(1), "data", List.of("%%%")))));
        given().contentType("application/json").body(notBase64).when().post("/v2/models/latest/infer")
                .then().statusCode(400).body("error", containsString("base64"));
        given().contentType("application/json").body(fp32Request(List.of(new byte[48 * 48])))
                .when().post("/v2/models/nobody/infer").then().statusCode(404);
    }

    @Test
    void batchesAndRequestsShowInTheMetrics() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("fer_inference_requests_total{endpoint=\"v2-infer\""))
                .body(containsString("fer_inference_requests_total{endpoint=\"predict\""));
        given().when().get("/v2/models").then().body("models.size()", greaterThanOrEqualTo(4))
                .body("models.name", hasItem("cnn-good"));
    }

    @Test
    void aTorchScriptModelBroughtByAUserIsServedWithTheLogitsPyTorchComputed() throws Exception {
        TestCheckpoints.storeTorchScript("byo-torchscript");
        // no event announces it: the server finds it when a request names it (S3 is read again at most once a second)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/v2/models/byo-torchscript/ready").then().statusCode(200));
        float[] input = new float[48 * 48];
        for (int i = 0; i < input.length; i++) {
            input[i] = -2f + 4f * i / (input.length - 1); // torch.linspace(-2, 2, 2304), as byo/expected.json
        }
        List<Float> data = new ArrayList<>();
        for (float v : input) {
            data.add(v);
        }
        String request = Json.write(Map.of("inputs", List.of(Map.of("name", "faces", "datatype", "FP32",
                "shape", List.of(1, 1, 48, 48), "data", data))));
        List<Float> logits = given().contentType("application/json").body(request)
                .when().post("/v2/models/byo-torchscript/infer").then().statusCode(200)
                .extract().jsonPath().getList("outputs.find { it.name == 'logits' }.data", Float.class);
        com.fasterxml.jackson.databind.JsonNode expected;
        try (var in = OipResourceTest.class.getResourceAsStream("/byo/expected.json")) {
            expected = Json.MAPPER.readTree(in).get("logits");
        }
        assertEquals(7, logits.size());
        for (int j = 0; j < 7; j++) {
            assertEquals(expected.get(j).asDouble(), logits.get(j), 1e-4, "logit " + j);
        }
        given().contentType("image/png").body(PredictResourceTest.GREY_FACE).when().post("/predict?model=byo-torchscript")
                .then().statusCode(200).body("model", equalTo("byo-torchscript")).body("faces.size()", equalTo(1));
    }

    @Test
    void anOnnxModelBroughtByAUserIsServedWithTheLogitsPyTorchComputed() throws Exception {
        TestCheckpoints.storeOnnx("byo-onnx");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/v2/models/byo-onnx/ready").then().statusCode(200));
        float[][] expected = expectedOnnxLogits();
        // a batch of two: the exported graph's batch axis is dynamic
        List<Float> logits = onnxLogits("byo-onnx");
        assertEquals(14, logits.size());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 7; j++) {
                assertEquals(expected[i][j], logits.get(i * 7 + j), 1e-4, "input " + i + ", logit " + j);
            }
        }
        given().contentType("image/png").body(PredictResourceTest.GREY_FACE).when().post("/predict?model=byo-onnx")
                .then().statusCode(200).body("model", equalTo("byo-onnx")).body("faces.size()", equalTo(1));
        given().when().get("/v2/models").then().statusCode(200)
                .body("models.find { it.name == 'byo-onnx' }.architecture", equalTo("onnx"));
        given().when().get("/v2/models/byo-onnx").then().statusCode(200).body("platform", equalTo("djl_onnxruntime"))
                .body("parameters.architecture", equalTo(List.of("onnx")));

        // in an ensemble with a PyTorch checkpoint of the same shapes, the logits add up
        List<Float> alone = onnxLogits("cnn-good:1");
        List<Float> both = onnxLogits("ensemble:byo-onnx,cnn-good:1");
        for (int k = 0; k < 14; k++) {
            assertEquals(logits.get(k) + alone.get(k), both.get(k), 1e-4, "ensemble logit " + k);
        }
        given().when().get("/v2/models/ensemble:byo-onnx,cnn-good:1").then().statusCode(200)
                .body("platform", equalTo("djl_onnxruntime+pytorch"));
    }

    @Test
    void anAnnouncedOnnxModelIsSwappedInAsTheDefault() throws Exception {
        TestCheckpoints.announce(TestCheckpoints.storeOnnx("byo-onnx-default"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/v2/health/ready").then().statusCode(200).body("model", equalTo("byo-onnx-default")));
        float[][] expected = expectedOnnxLogits();
        List<Float> logits = onnxLogits("latest");
        for (int j = 0; j < 7; j++) {
            assertEquals(expected[0][j], logits.get(j), 1e-4, "logit " + j);
        }
        given().contentType("image/png").body(PredictResourceTest.GREY_FACE).when().post("/predict")
                .then().statusCode(200).body("model", equalTo("byo-onnx-default"));
        // the trained model comes back as the default for the tests that follow
        TestCheckpoints.publish(PredictResourceTest.MODEL, 2, -1, false);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/v2/health/ready").then().statusCode(200)
                        .body("model", equalTo(PredictResourceTest.MODEL)).body("version", equalTo(2)));
    }

    /** PyTorch's logits for the two inputs of {@code byo/export_onnx.py}, as it stored them. */
    private static float[][] expectedOnnxLogits() throws Exception {
        try (var in = OipResourceTest.class.getResourceAsStream("/byo/expected-onnx.json")) {
            return Json.MAPPER.treeToValue(Json.MAPPER.readTree(in).get("logits"), float[][].class);
        }
    }

    /** The model's logits, flat, for linspace(-2, 2, 2304) and its negation (the export script's inputs). */
    private static List<Float> onnxLogits(String model) {
        List<Float> data = new ArrayList<>();
        for (int sign : new int[] {1, -1}) {
            for (int i = 0; i < 48 * 48; i++) {
                data.add(sign * (-2f + 4f * i / (48 * 48 - 1)));
            }
        }
        String request = Json.write(Map.of("inputs", List.of(Map.of("name", "faces", "datatype", "FP32",
                "shape", List.of(2, 1, 48, 48), "data", data))));
        return given().contentType("application/json").body(request).when().post("/v2/models/" + model + "/infer")
                .then().statusCode(200).extract().jsonPath().getList("outputs.find { it.name == 'logits' }.data", Float.class);
    }

    /** An FP32 request for faces normalised as the models' cards say (FER2013). */
    static String fp32Request(List<byte[]> faces) {
        float[] inputs = FacePreprocessing.toInput(faces.toArray(byte[][]::new), Normalisation.FER2013);
        List<Float> data = new ArrayList<>(inputs.length);
        for (float v : inputs) {
            data.add(v);
        }
        assertEquals(faces.size() * 2304, data.size());
        return Json.write(Map.of("id", "req-1", "inputs", List.of(Map.of("name", "faces", "datatype", "FP32",
                "shape", List.of(faces.size(), 1, 48, 48), "data", data))));
    }
}
