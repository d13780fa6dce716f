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
 * Checks a service's OpenAPI document: no operation that changes state can be reached by a CORS "simple"
 * request. A web page may send such a request to any origin without asking first (a POST whose body is
 * {@code text/plain}, a form, or no body at all), so an endpoint that accepted one could be driven by any page a
 * user of a local run happens to open. Every state-changing operation must take a body of another type
 * (JSON, CSV, zip, …), which browsers only send cross-origin after a preflight the service does not grant.
 */
public final class CorsSimpleRequests {
    /** The content types a browser sends cross-origin without a preflight. */
    static final Set<String> SIMPLE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data");
    private static final Set<String> STATE_CHANGING = Set.of("post", "put", "patch", "delete");

    private CorsSimpleRequests() {
    }

    /**
     * Fails naming every state-changing operation (all POST, PUT, PATCH and DELETE operations but
     * {@code computations}, written {@code "POST /path"}) that takes a simple body or none.
     */
    public static void assertNoneReachable(String openApiJson, Set<String> computations) {
        JsonNode document = Json.read(openApiJson.getBytes(StandardCharsets.UTF_8), JsonNode.class);
        List<String> reachable = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                if (!STATE_CHANGING.contains(op.getKey()) || computations.contains(name)) {
                    continue;
                }
                JsonNode content = op.getValue().path("requestBody").path("content");
                if ("delete".equals(op.getKey())) {
                    continue; // DELETE is never a simple method: browsers preflight it
                }
                if (content.isMissingNode() || content.isEmpty()) {
                    reachable.add(name + " takes no body");
                }
                content.fieldNames().forEachRemaining(type -> {
                    if (SIMPLE_TYPES.contains(type.toLowerCase())) {
                        reachable.add(name + " takes " + type);
                    }
                });
            }
        }
        assertTrue(reachable.isEmpty(), "state-changing operations a cross-origin page could call: " + reachable);
    }
}
