package io.ferperturb.saliency.rest;

import static io.restassured.RestAssured.given;

import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.OpenApiErrorResponses;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class OpenApiTest {

    @Test
    void everyOperationDocumentsItsSuccessAndItsErrorsWithTheJsonErrorSchema() {
        String document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        OpenApiErrorResponses.assertDocumented(document);
    }
}
