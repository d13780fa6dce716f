package io.ferperturb.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a service's OpenAPI document ({@code /q/openapi?format=json}): every operation documents its
 * success with a description and at least one error status, and every error answers with the contract's
 * JSON error ({@code ApiError}: {@code error} and {@code code}).
 */
public final class OpenApiErrorResponses {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiErrorResponses() {
    }

    /** Fails with every operation that lacks a documented success, an error status or the error schema. */
    public static void assertDocumented(String openApiJson) {
        JsonNode document = Json.read(openApiJson.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey()) || path.getKey().startsWith("/q/")) {
                    continue;
                }
                operations++;
                problems.addAll(problems(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue().path("responses"),
                        document));
            }
        }
        assertTrue(operations > 0, "the document lists no operation");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static List<String> problems(String operation, JsonNode responses, JsonNode document) {
        List<String> problems = new ArrayList<>();
        boolean success = false;
        boolean error = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> response = it.next();
            String status = response.getKey();
            if (response.getValue().path("description").asText("").isBlank()) {
                problems.add(operation + " " + status + ": no description");
            }
            if (status.startsWith("2") || status.startsWith("3")) {
                success = true;
            } else if (status.startsWith("4") || status.startsWith("5")) {
                error = true;
                JsonNode schema = response.getValue().path("content").path("application/json").path("schema");
                if (!isApiError(schema, document)) {
                    problems.add(operation + " " + status + ": not the JSON error schema (ApiError)");
                }
            }
        }
        if (!success) {
            problems.add(operation + ": no success status documented");
        }
        if (!error) {
            problems.add(operation + ": no error status documented");
        }
        return problems;
    }

    private static boolean isApiError(JsonNode schema, JsonNode document) {
        String ref = schema.path("$ref").asText("");
        JsonNode resolved = ref.startsWith("#/components/schemas/")
                ? document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()))
                : schema;
        JsonNode properties = resolved.path("properties");
        return properties.has("error") && properties.has("code");
    }
}
