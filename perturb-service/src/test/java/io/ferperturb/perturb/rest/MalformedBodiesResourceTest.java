package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Bodies and ids of the wrong shape get 400 or 404 with a sentence and the contract's JSON error: JSON null, nulls
 * in lists, wrong types, broken JSON, odd or overlong ids, and S3 locations that name no bucket.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class MalformedBodiesResourceTest {

    @Test
    void nullBodiesAndNullElementsNameTheField() {
        post("/experiments", "null").then().statusCode(400).body("code", equalTo("invalid-experiment"))
                .body("error", containsString("datasetId is required"));
        for (String field : new String[] {"architectures", "sweep", "seeds", "controls"}) {
            post("/experiments", "{\"datasetId\": \"no-such-ds\", \"" + field + "\": [null]}").then().statusCode(400)
                    .body("code", equalTo("invalid-experiment")).body("error", containsString(field + " must not hold null"));
        }
        post("/datasets/bodies-import/import", "null").then().statusCode(400)
                .body("error", containsString("s3://bucket/prefix/"));
    }

    @Test
    void wrongTypesAndBrokenJsonAreInvalidJsonNamingWhere() {
        post("/experiments", "{\"datasetId\": \"no-such-ds\", \"sweep\": \"three\"}").then().statusCode(400)
                .body("code", equalTo("invalid-json")).body("error", containsString("sweep"));
        post("/experiments", "{\"datasetId\": \"no-such-ds\", \"sweep\": [\"x\"]}").then().statusCode(400)
                .body("code", equalTo("invalid-json")).body("error", containsString("sweep[0]"));
        post("/experiments", "{\"datasetId\": \"no-such-ds\", \"epochs\": 99999999999}").then().statusCode(400)
                .body("code", equalTo("invalid-json"));
        post("/experiments", "{\"datasetId\": ").then().statusCode(400).body("code", equalTo("invalid-json"))
                .body("error", containsString("not valid JSON"));
        post("/datasets/bodies-import/import", "{\"uri\": [\"s3://datasets/x/\"]}").then().statusCode(400)
                .body("code", equalTo("invalid-json")).body("error", containsString("uri"));
    }

    @Test
    void anImportFromABucketThatDoesNotExistOrCannotIsRefused() {
        post("/datasets/bodies-import/import?train=false", "{\"uri\": \"s3://no-such-bucket-here/fer/\"}").then()
                .statusCode(400).body("code", equalTo("invalid-import")).body("error", containsString("no bucket"));
        post("/datasets/bodies-import/import?train=false", "{\"uri\": \"s3://Not_A_Bucket!/fer/\"}").then()
                .statusCode(400).body("code", equalTo("invalid-import"));
        post("/datasets/bodies-import/import?train=false", "{\"uri\": \"s3://datasets/" + "k".repeat(1100) + "\"}")
                .then().statusCode(400).body("code", equalTo("invalid-import"));
    }

    @Test
    void oddAndOverlongIdsAreNotFoundOrInvalidNeverAServerError() {
        for (String id : new String[] {"x".repeat(2000), "..x", "a b", "é", "UPPER", "-x"}) {
            given().pathParam("id", id).get("/datasets/{id}").then().statusCode(404).body("code", equalTo("unknown-dataset"));
            given().pathParam("id", id).get("/experiments/{id}").then().statusCode(404)
                    .body("code", equalTo("unknown-experiment"));
            given().pathParam("id", id).contentType("text/csv").body("emotion,pixels,Usage\n").post("/datasets/{id}")
                    .then().statusCode(400).body("error", containsString("datasetId must match"));
        }
    }

    private static io.restassured.response.Response post(String path, String body) {
        return given().contentType("application/json").body(body).post(path);
    }
}
