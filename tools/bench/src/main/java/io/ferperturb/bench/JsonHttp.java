package io.ferperturb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** JSON over HTTP against the running services (no tokens: run.sh starts them with authentication off). */
final class JsonHttp {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The body of a 2xx answer; empty for a 404 or a server that does not answer (a replica that died). */
    Optional<JsonNode> get(String url) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            return Optional.of(json(url, r));
        } catch (IOException unreachable) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode post(String url, String contentType, HttpRequest.BodyPublisher body) {
        try {
            return json(url, client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String url, HttpResponse<String> response) throws IOException {
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
    }
}
