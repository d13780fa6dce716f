package io.ferperturb.inference.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.inference.TestImages;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Each class of malformed input is a 4xx with a sentence, never a 500: Open Inference Protocol bodies (null
 * elements, bad shapes, data that does not fit its shape, wrong types), model references (empty ensembles, odd or
 * overlong ids, unknown models), image formats and sizes, and requests that ask for more than one request may.
 */
@QuarkusTest
@Order(2)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class MalformedInputTest {
    private static final String INFER = "/v2/models/latest/infer";
    private static final String FACE = "[" + IntStream.range(0, 48 * 48).mapToObj(i -> "0.5").collect(Collectors.joining(","))
            + "]";

    @Test
    void malformedInferenceBodiesAre400WithASentence() {
        List<String> bodies = List.of(
                "null", "[]", "\"inputs\"", "{\"inputs\": null}", "{\"inputs\": []}", "{\"inputs\": [null]}",
                "{\"inputs\": \"x\"}", "{\"inputs\": [1]}", "{\"inputs\": [{}]}",
                fp32("null", FACE), fp32("[]", FACE), fp32("[null]", FACE), fp32("[1, null, 48, 48]", FACE),
                fp32("[null, 1, 48, 48]", FACE), fp32("[-1, 1, 48, 48]", FACE), fp32("[0, 1, 48, 48]", FACE),
                fp32("[1, 2147483647, 48, 48]", FACE), fp32("[1, 1, 4294967296, 4294967296]", FACE),
                fp32("[1, 1, 9223372036854775807, 9223372036854775807]", FACE),
                fp32("[1, 1, 99999999999999999999999, 48]", FACE), fp32("[1, 1, 48]", FACE),
                fp32("[1, 1, 48, 48, 1]", FACE), fp32("[\"one\", 1, 48, 48]", FACE),
                fp32("[2, 1, 48, 48]", FACE), fp32("[1, 1, 48, 48]", "[1, 2, 3]"), fp32("[1, 1, 48, 48]", "null"),
                fp32("[1, 1, 48, 48]", "[null]"), fp32("[1, 1, 48, 48]", "[\"a\"]"),
                fp32("[1, 1, 48, 48]", FACE.replaceFirst("0.5", "null")), fp32("[1, 1, 48, 48]", "{\"a\": 1}"),
                fp32("[1, 1, 48, 48]", "[1e999]"),
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"INT64\", \"shape\": [1, 1, 48, 48], \"data\": " + FACE + "}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": 5, \"shape\": [1, 1, 48, 48], \"data\": " + FACE + "}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": null, \"shape\": [1, 1, 48, 48], \"data\": " + FACE + "}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [null], \"data\": [\"AAAA\"]}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [null]}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [2], \"data\": [\"AAAA\"]}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"AAAA\", \"AAAA\"]}]}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [1], \"data\": [\"AAAA\"]}]}",
                "{\"parameters\": {\"tta\": \"maybe\"}, \"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", "
                        + "\"shape\": [1, 1, 48, 48], \"data\": " + FACE + "}]}",
                "{\"parameters\": [1], \"inputs\": []}",
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 1, 48, 48], \"data\": " + FACE
                        + "}, null]}");
        List<String> failures = new ArrayList<>();
        for (String body : bodies) {
            Response r = given().contentType("application/json").body(body).when().post(INFER);
            if (r.statusCode() != 400 || r.jsonPath().getString("error") == null) {
                failures.add(r.statusCode() + " for " + shown(body) + ": " + r.asString());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void modelReferencesThatNameNothingAre4xxWithASentence() {
        String overlong = "m".repeat(3000);
        for (String model : List.of("ensemble:", "ensemble:%20", "ensemble:a,,b", "ensemble:ensemble:a", "a%20b",
                "-leading-dash", "a:b:c", "a:v", "a:0", "a:99999999999", overlong, "%00", "ensemble:" + overlong)) {
            given().contentType("application/json").body(fp32("[1, 1, 48, 48]", FACE))
                    .when().post("/v2/models/" + model + "/infer").then().statusCode(400).body("error", notNullValue());
            given().when().get("/v2/models/" + model).then().statusCode(400).body("error", notNullValue());
            given().when().get("/v2/models/" + model + "/ready").then().statusCode(400).body("error", notNullValue());
            given().contentType("image/png").body(PredictResourceTest.GREY_FACE).queryParam("model", model.replace("%20", " "))
                    .when().post("/predict").then().statusCode(400).body("error", notNullValue());
        }
        given().contentType("application/json").body(fp32("[1, 1, 48, 48]", FACE))
                .when().post("/v2/models/nobody-at-all/infer").then().statusCode(404).body("code", equalTo("unknown-model"));
        given().contentType("image/png").body(PredictResourceTest.GREY_FACE).queryParam("model", "ensemble:latest,nobody")
                .when().post("/predict").then().statusCode(404).body("error", containsString("nobody"));
    }

    @Test
    void aRequestAskingForMoreThanTheLimitsIs413NamingTheSetting() {
        String nine = "ensemble:" + String.join(",", java.util.Collections.nCopies(9, "latest"));
        given().contentType("image/png").body(PredictResourceTest.GREY_FACE).queryParam("model", nine)
                .when().post("/predict").then().statusCode(413).body("code", equalTo("limit-exceeded"))
                .body("error", containsString("fer.serving.max-models-per-request"));
        given().when().get("/v2/models/" + nine).then().statusCode(413);
        given().contentType("application/json").body(fp32("[1025, 1, 48, 48]", "[]")).when().post(INFER)
                .then().statusCode(413).body("error", containsString("fer.inference.limits.max-tensor-inputs"));
        given().contentType("application/json").body(fp32("[9223372036854775807, 1, 48, 48]", "[]")).when().post(INFER)
                .then().statusCode(413).body("error", containsString("at most 1024"));
        given().contentType("application/json")
                .body("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"BYTES\", \"shape\": [65], \"data\": []}]}")
                .when().post(INFER).then().statusCode(413)
                .body("error", containsString("fer.inference.limits.max-images-per-request"));
    }

    @Test
    void imagesOutsideTheAcceptedFormatsOrSizesAreRefusedFromTheirHeader() throws Exception {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        ImageIO.write(TestImages.plain(64, 64), "tiff", tiff);
        given().contentType("application/octet-stream").body(tiff.toByteArray()).when().post("/predict")
                .then().statusCode(415).body("code", equalTo("unsupported-image-format"))
                .body("error", containsString("PNG, JPEG, BMP or GIF"));
        given().contentType("image/png").body(TestImages.pngHeaderClaiming(6000, 5000)).when().post("/predict")
                .then().statusCode(413).body("code", equalTo("image-too-large"))
                .body("error", containsString("at most 25000000 pixels"));
        given().contentType("image/jpeg").body(TestImages.jpegHeaderClaiming(60000, 60000)).when().post("/predict")
                .then().statusCode(413).body("code", equalTo("image-too-large"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static String fp32(String shape, String data) {
        return "{\"inputs\": [{\"name\": \"faces\", \"datatype\": \"FP32\", \"shape\": " + shape + ", \"data\": " + data
                + "}]}";
    }

    private static String shown(String body) {
        return body.length() <= 120 ? body : body.substring(0, 117) + "...";
    }
}
