package io.ferperturb.testsupport;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CorsSimpleRequestsTest {
    private static final String DOCUMENT = """
            {"paths": {
              "/experiments": {"post": {"requestBody": {"content": {"application/json": {}}}}},
              "/jobs/{id}": {"delete": {}},
              "/infer": {"post": {"requestBody": {"content": {"text/plain": {}, "application/json": {}}}}},
              "/datasets/{id}": {"get": {}}
            }}""";

    @Test
    void jsonBodiesDeletesAndDeclaredComputationsPass() {
        CorsSimpleRequests.assertNoneReachable(DOCUMENT, Set.of("POST /infer"));
    }

    @Test
    void aStateChangingTextPlainBodyOrABodilessPostFailsNamingTheOperation() {
        AssertionError plain = assertThrows(AssertionError.class,
                () -> CorsSimpleRequests.assertNoneReachable(DOCUMENT, Set.of()));
        assertTrue(plain.getMessage().contains("POST /infer takes text/plain"), plain.getMessage());
        AssertionError bodiless = assertThrows(AssertionError.class, () -> CorsSimpleRequests.assertNoneReachable(
                "{\"paths\": {\"/jobs/{id}/cancel\": {\"post\": {}}}}", Set.of()));
        assertTrue(bodiless.getMessage().contains("POST /jobs/{id}/cancel takes no body"), bodiless.getMessage());
        AssertionError form = assertThrows(AssertionError.class, () -> CorsSimpleRequests.assertNoneReachable(
                "{\"paths\": {\"/x\": {\"put\": {\"requestBody\": {\"content\": {\"multipart/form-data\": {}}}}}}}",
                Set.of()));
        assertTrue(form.getMessage().contains("PUT /x takes multipart/form-data"), form.getMessage());
    }
}
