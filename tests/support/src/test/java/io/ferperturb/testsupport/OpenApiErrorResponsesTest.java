package io.ferperturb.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenApiErrorResponsesTest {
    private static final String API_ERROR = """
            "components": {"schemas": {"ApiError": {"type": "object",
                "properties": {"error": {"type": "string"}, "code": {"type": "string"}}}}}""";
    private static final String JSON_ERROR = """
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}""";

    @Test
    void anOperationWithItsSuccessAndJsonErrorsPasses() {
        OpenApiErrorResponses.assertDocumented("""
                {"paths": {"/things/{id}": {"get": {"responses": {
                    "200": {"description": "The thing"},
                    "404": {"description": "No thing with this id", %s}}}}},
                 "/q/health": {"get": {"responses": {"200": {"description": "up"}}}},
                 %s}""".formatted(JSON_ERROR, API_ERROR));
    }

    @Test
    void anOperationWithoutAnErrorStatusFailsNamingIt() {
        AssertionError e = assertThrows(AssertionError.class, () -> OpenApiErrorResponses.assertDocumented("""
                {"paths": {"/things": {"get": {"responses": {"200": {"description": "Every thing"}}}}}, %s}"""
                .formatted(API_ERROR)));
        assertTrue(e.getMessage().contains("GET /things: no error status documented"), e.getMessage());
    }

    @Test
    void anErrorWithoutTheJsonErrorSchemaOrADescriptionFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> OpenApiErrorResponses.assertDocumented("""
                {"paths": {"/things": {"post": {"responses": {
                    "202": {"description": ""},
                    "400": {"description": "Bad thing"}}}}}, %s}""".formatted(API_ERROR)));
        assertTrue(e.getMessage().contains("POST /things 400: not the JSON error schema"), e.getMessage());
        assertTrue(e.getMessage().contains("POST /things 202: no description"), e.getMessage());
    }

    @Test
    void aDocumentWithoutOperationsFails() {
        assertThrows(AssertionError.class, () -> OpenApiErrorResponses.assertDocumented("{\"paths\": {}}"));
    }
}
