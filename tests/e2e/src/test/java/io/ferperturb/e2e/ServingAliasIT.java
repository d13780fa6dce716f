package io.ferperturb.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.models.ModelCard;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Serving follows {@code production} across processes, as on a cluster: two inference replicas and a saliency
 * replica serve it; an admin's move on one replica (saliency's) and a rollback on another (inference's) reach all
 * three through the {@code model-aliases} topic, and a new checkpoint announced meanwhile changes nothing.
 */
class ServingAliasIT {
    private static final String MODELS_BUCKET = "alias-models";
    private static final String MODEL = "cnn-alias-it";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aMoveOrRollbackOnOneReplicaIsServedByEveryReplicaOfBothServices() throws Exception {
        TestServers.kafka();
        E2eCheckpoints.storeUntrained(MODELS_BUCKET, MODEL, 1, "alias-it", "original");
        E2eCheckpoints.storeUntrained(MODELS_BUCKET, MODEL, 2, "alias-it", "original");
        Map<String, String> env = Map.of("FER_SERVING_DEVICE", "cpu", "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET,
                "FER_SERVING_DEFAULT_MODEL", "production");
        List<CompletableFuture<ServiceProcess>> starts = List.of(
                CompletableFuture.supplyAsync(() -> ServiceProcess.start("inference-service", env)),
                CompletableFuture.supplyAsync(() -> ServiceProcess.start("inference-service", env)),
                CompletableFuture.supplyAsync(() -> ServiceProcess.start("saliency-service", env)));
        List<ServiceProcess> services = starts.stream().map(CompletableFuture::join).toList();
        try {
            ServiceProcess inferenceA = services.get(0);
            ServiceProcess inferenceB = services.get(1);
            ServiceProcess saliency = services.get(2);
            assertEquals(503, predict(inferenceA).statusCode(), "nothing is served before production names a version");

            assertEquals(200, send(saliency, "PUT", "/models/" + MODEL + "/aliases/production", "{\"version\": 2}")
                    .statusCode());
            awaitServed(services, 2);

            // a newer checkpoint, announced as the trainer does, is not served: production names v2
            ModelCard third = E2eCheckpoints.storeUntrained(MODELS_BUCKET, MODEL, 3, "alias-it", "original");
            KafkaTestClient.send(Topics.CHECKPOINT_READY, MODEL, Json.write(third.checkpointReady("evt-alias-it-3",
                    "s3://" + MODELS_BUCKET + "/" + MODEL + "/v3/", "djl")));
            // each replica handles a key's records in order: once all three dead-lettered this one, v3 was handled
            KafkaTestClient.send(Topics.CHECKPOINT_READY, MODEL, "not json: after v3 (alias IT)");
            KafkaTestClient.read(Topics.deadLetter(Topics.CHECKPOINT_READY),
                    r -> "not json: after v3 (alias IT)".equals(r.value()), services.size(), Duration.ofMinutes(1));
            awaitServed(services, 2);
            assertEquals(200, send(inferenceB, "PUT", "/models/" + MODEL + "/aliases/staging", "{\"version\": 3}")
                    .statusCode());
            assertEquals(200, send(inferenceA, "PUT", "/models/" + MODEL + "/aliases/production", "{\"version\": 1}")
                    .statusCode());
            awaitServed(services, 1);

            JsonNode rolledBack = Json.MAPPER.readTree(send(inferenceB, "POST", "/aliases/production/rollback",
                    "{\"reason\": \"back to v2\"}").body());
            assertEquals(2, rolledBack.path("target").path("version").asInt());
            awaitServed(services, 2);
            JsonNode history = Json.MAPPER.readTree(get(saliency, "/aliases/production").body()).path("history");
            assertEquals(3, history.size(), history.toString());
            assertEquals("rollback", history.get(2).path("action").asText());
            assertEquals(3, Json.MAPPER.readTree(predict(inferenceA, "staging").body()).path("version").asInt());
        } finally {
            services.forEach(ServiceProcess::close);
        }
    }

    /** Every replica answers a request that names no model with this version of {@link #MODEL}. */
    private static void awaitServed(List<ServiceProcess> services, int version) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < services.size(); i++) {
                ServiceProcess service = services.get(i);
                // the last one is saliency-service: its maps name the model they are of
                HttpResponse<String> answer = i == services.size() - 1 ? saliency(service) : predict(service);
                assertEquals(200, answer.statusCode(), answer.body());
                JsonNode body = Json.MAPPER.readTree(answer.body());
                assertEquals(MODEL, body.path("model").asText(), answer.body());
                assertEquals(version, body.path("version").asInt(), service.url() + ": " + answer.body());
            }
        });
    }

    private static HttpResponse<String> predict(ServiceProcess inference) throws Exception {
        return predict(inference, null);
    }

    private static HttpResponse<String> predict(ServiceProcess inference, String model) throws Exception {
        String query = "faces=none" + (model == null ? "" : "&model=" + model);
        return HTTP.send(HttpRequest.newBuilder(URI.create(inference.url() + "/predict?" + query))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(face())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> saliency(ServiceProcess saliency) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(saliency.url() + "/saliency?format=json&method=gradient"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(face())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(ServiceProcess service, String method, String path, String json)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.url() + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] face() throws Exception {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
