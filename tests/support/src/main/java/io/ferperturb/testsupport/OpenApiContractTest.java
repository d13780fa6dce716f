package io.ferperturb.testsupport;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

/**
 * Each service's OpenAPI test: a {@code @QuarkusTest} subclass (with the service's test resources) inherits this
 * check of its {@code /q/openapi} document (see {@link OpenApiErrorResponses}).
 */
public abstract class OpenApiContractTest {

    @Test
    void everyOperationDocumentsItsSuccessAndItsErrorsWithTheJsonErrorSchema() {
        String document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        OpenApiErrorResponses.assertDocumented(document);
    }
}
