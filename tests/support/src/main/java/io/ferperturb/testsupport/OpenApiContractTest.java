package io.ferperturb.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each service's OpenAPI test: a {@code @QuarkusTest} subclass (with the service's test resources) inherits these
 * checks of its {@code /q/openapi} document (see {@link OpenApiErrorResponses} and {@link CorsSimpleRequests}).
 */
public abstract class OpenApiContractTest {

    @Test
    void everyOperationDocumentsItsSuccessAndItsErrorsWithTheJsonErrorSchema() {
        String document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        OpenApiErrorResponses.assertDocumented(document);
    }

    @Test
    void noStateChangingOperationCanBeCalledByACrossOriginPageWithoutAPreflight() {
        String document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        CorsSimpleRequests.assertNoneReachable(document, computations());
    }

    /** POST operations that only compute an answer and change nothing ({@code "POST /predict"}); none by default. */
    protected Set<String> computations() {
        return Set.of();
    }
}
