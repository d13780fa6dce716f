package io.ferperturb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON-over-HTTP client for the services' APIs. */
final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    JsonNode get(String url) {
        return json(send(HttpRequest.newBuilder(URI.create(url)).GET().build()));
    }

    /** The body as bytes (reports, figures); a 4xx/5xx answer throws. */
    byte[] bytes(String url) {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() >= 400) {
                throw new HttpError(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build()).statusCode();
    }

    JsonNode post(String url, String contentType, HttpRequest.BodyPublisher body) {
        return json(send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType).POST(body).build()));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            JsonNode body = Json.MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
            if (response.statusCode() >= 400) {
                throw new HttpError(response.statusCode(), body.path("error").asText(response.body()));
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + " with no JSON", e);
        }
    }

    /** A 4xx/5xx answer, with the contract's error sentence. */
    static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(status + ": " + message);
            this.status = status;
        }
    }
}
