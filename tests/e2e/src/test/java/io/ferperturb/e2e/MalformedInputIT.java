package io.ferperturb.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Bad input against the whole system, as an attacker would send it: at least 1,500 malformed requests spread over
 * every operation of every service's OpenAPI document (odd ids, broken bodies of every accepted type, header
 * bombs, wrong types and nulls, odd query values), then 50 malformed records to every consumed topic. No answer
 * may be a 5xx, every service stays live and ready, the consumers keep consuming (a real job trains and is
 * served afterwards), and no stored dataset or model changes.
 */
class MalformedInputIT {
    private static final int REQUESTS = 1500;
    private static final int RECORDS_PER_TOPIC = 50;
    private static final String MODELS_BUCKET = "malformed-models";
    private static final String DATASET = "malformed-seed";
    private static final List<String> ODD_IDS = List.of(" ", "..", "%2e%2e", "a".repeat(300), "x/y", "ü-ñ", "%00",
            "-", "null", "{id}", "'; DROP TABLE x; --", "fer2013:", "ensemble:", "ensemble:a,,b", "a:-1",
            "a:99999999999999999999", "latest:1", "CON", "..%2f..%2fetc%2fpasswd", "\t", "😀");
    private static final List<String> ODD_QUERY_VALUES = List.of("-1", "0", "1e309", "abc", "", "99999999999999999999",
            "NaN", "true", "null", "[]", "a".repeat(2000), "%", "-0.0");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Random random = new Random(1500);

    @Test
    void malformedRequestsAndRecordsGetNo5xxLeaveEveryServiceReadyAndChangeNothing() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        store.ensureBucket(MODELS_BUCKET);
        TestServers.kafka();
        Map<String, String> models = Map.of("FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET);
        List<ServiceProcess> services = new ArrayList<>();
        try {
            ServiceProcess perturb = start(services, "perturb-service", models);
            ServiceProcess trainer = start(services, "trainer-service", with(models, "FER_TRAINER_DEVICE", "cpu"));
            ServiceProcess inference = start(services, "inference-service", with(models, "FER_SERVING_DEVICE", "cpu"));
            ServiceProcess saliency = start(services, "saliency-service", with(models, "FER_SERVING_DEVICE", "cpu"));
            seedDatasetAndModel(perturb, trainer, inference);
            Map<String, String> before = snapshot(store);

            List<String> fiveHundreds = new ArrayList<>();
            int sent = 0;
            List<Operation> operations = new ArrayList<>();
            for (ServiceProcess service : services) {
                operations.addAll(operations(service));
            }
            assertTrue(operations.size() > 20, "every service's operations: " + operations.size());
            while (sent < REQUESTS) {
                for (Operation op : operations) {
                    HttpResponse<String> answer = http.send(malformed(op), HttpResponse.BodyHandlers.ofString());
                    sent++;
                    if (answer.statusCode() >= 500 && fiveHundreds.size() < 20) {
                        fiveHundreds.add(op + " → " + answer.statusCode() + " " + abbreviate(answer.body()));
                    }
                }
            }
            assertEquals(List.of(), fiveHundreds, sent + " malformed requests");

            for (String topic : List.of(Topics.DATASET_READY, Topics.CHECKPOINT_READY, Topics.TRAINING_PROGRESS,
                    Topics.MODEL_ALIASES, Topics.PREDICTIONS)) {
                for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
                    KafkaTestClient.send(topic, "malformed-" + i, malformedRecord(i));
                }
            }
            assertEquals(RECORDS_PER_TOPIC, KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY),
                    r -> r.key() != null && r.key().startsWith("malformed-"), RECORDS_PER_TOPIC,
                    Duration.ofMinutes(2)).size(), "every malformed dataset-ready is dead-lettered, none lost");
            // inference and saliency each dead-letter every one (each replica consumes every alias move)
            assertEquals(2 * RECORDS_PER_TOPIC, KafkaTestClient.read(Topics.deadLetter(Topics.MODEL_ALIASES),
                    r -> r.key() != null && r.key().startsWith("malformed-"), 2 * RECORDS_PER_TOPIC,
                    Duration.ofMinutes(2)).size(), "every malformed model-aliases record is dead-lettered by both servers");
            assertEquals(RECORDS_PER_TOPIC, KafkaTestClient.read(Topics.deadLetter(Topics.PREDICTIONS),
                    r -> r.key() != null && r.key().startsWith("malformed-"), RECORDS_PER_TOPIC,
                    Duration.ofMinutes(2)).size(), "every malformed predictions record is dead-lettered by inference");
            for (ServiceProcess service : services) {
                await().atMost(Duration.ofMinutes(1)).until(() -> http.send(HttpRequest.newBuilder(
                        URI.create(service.url() + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200);
            }
            // the consumers still consume: a real job trains and the new model is served
            postJob(trainer, "evt-malformed-after", "malformed-after");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    http.send(HttpRequest.newBuilder(URI.create(inference.url() + "/v2/models/cnn-malformed-after"))
                            .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            Map<String, String> after = snapshot(store);
            // the job trained afterwards leaves its model and the trainer's bookkeeping (records, claims, versions)
            after.keySet().removeIf(k -> k.startsWith(MODELS_BUCKET + "/cnn-malformed-after/") || trainerBookkeeping(k));
            before.keySet().removeIf(MalformedInputIT::trainerBookkeeping);
            assertEquals(before, after, "no dataset or model changed");
        } finally {
            services.forEach(ServiceProcess::close);
        }
    }

    /** A dataset and a trained model, so that reads, predictions and saliency have something real to act on. */
    private void seedDatasetAndModel(ServiceProcess perturb, ServiceProcess trainer, ServiceProcess inference)
            throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(csv)) {
            new SyntheticFaceGenerator(15).dataset(10, Imbalance.NONE).forEach(writer::write);
        }
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(perturb.url() + "/datasets/" + DATASET
                + "?train=false&replace=true")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csv.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, upload.statusCode(), upload.body());
        postJob(trainer, "evt-malformed-seed", DATASET);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                http.send(HttpRequest.newBuilder(URI.create(inference.url() + "/v2/models/cnn-" + DATASET)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private void postJob(ServiceProcess trainer, String eventId, String datasetId) throws Exception {
        if (!DATASET.equals(datasetId)) {
            HttpResponse<String> copy = http.send(HttpRequest.newBuilder(URI.create(trainer.url() + "/jobs"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"eventId": "%s", "datasetId": "%s", "uri": "s3://datasets/%s/", "format": "emotion-shards",
                             "training": [{"architecture": "cnn", "epochs": 1, "batchSize": 32, "modelId": "cnn-%s"}]}"""
                            .formatted(eventId, DATASET, DATASET, datasetId))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, copy.statusCode(), copy.body());
            return;
        }
        HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create(trainer.url() + "/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"eventId": "%s", "datasetId": "%s", "uri": "s3://datasets/%s/", "format": "emotion-shards",
                         "training": [{"architecture": "cnn", "epochs": 1, "batchSize": 32}]}"""
                        .formatted(eventId, datasetId, datasetId))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, job.statusCode(), job.body());
    }

    /** One operation of a service's OpenAPI document. */
    private record Operation(String base, String method, String path, List<String> contentTypes, List<String> query) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Operation> operations(ServiceProcess service) throws Exception {
        String document = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode paths = Json.read(document.getBytes(StandardCharsets.UTF_8), JsonNode.class).path("paths");
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            if (path.getKey().startsWith("/q/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext();) {
                Map.Entry<String, JsonNode> op = o.next();
                if (!List.of("get", "post", "put", "delete").contains(op.getKey())) {
                    continue;
                }
                if (op.getValue().path("responses").has("200") && op.getValue().path("responses").path("200")
                        .path("content").has("text/event-stream")) {
                    continue; // a stream stays open by design
                }
                List<String> types = new ArrayList<>();
                op.getValue().path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        query.add(parameter.path("name").asText());
                    }
                }
                found.add(new Operation(service.url(), op.getKey().toUpperCase(), path.getKey(), types, query));
            }
        }
        return found;
    }

    private HttpRequest malformed(Operation op) {
        String path = op.path().replaceAll("\\{[^}]+}", "%s");
        int holes = (path.length() - path.replace("%s", "").length()) / 2;
        Object[] ids = new Object[holes];
        for (int i = 0; i < holes; i++) {
            ids[i] = URLEncoder.encode(pick(ODD_IDS), StandardCharsets.UTF_8).replace("+", "%20");
        }
        StringBuilder url = new StringBuilder(op.base()).append(String.format(path, ids));
        char separator = '?';
        for (String name : op.query()) {
            if (random.nextBoolean()) {
                url.append(separator).append(name).append('=')
                        .append(URLEncoder.encode(pick(ODD_QUERY_VALUES), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(60));
        if (op.contentTypes().isEmpty()) {
            return request.method(op.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        String type = random.nextInt(10) == 0 ? "application/x-unknown" : pick(op.contentTypes());
        return request.header("Content-Type", type)
                .method(op.method(), HttpRequest.BodyPublishers.ofByteArray(body(type))).build();
    }

    private byte[] body(String type) {
        if (type.contains("json") || type.startsWith("text/plain")) {
            return pick(List.of("", "null", "[]", "{", "{\"datasetId\": null}", "{\"architectures\": [null]}",
                    "{\"inputs\": null}", "{\"inputs\": [{\"name\": \"x\", \"shape\": [-1, 48], \"datatype\": \"FP32\", \"data\": [1]}]}",
                    "{\"inputs\": [{\"name\": \"x\", \"shape\": [2147483647, 2147483647, 48, 48], \"datatype\": \"UINT8\", \"data\": []}]}",
                    "{\"inputs\": [null]}", "\"text\"", "1e99999", "[".repeat(5000), "{\"epochs\": \"many\"}",
                    "{\"datasetId\": \"" + DATASET + "\", \"sweep\": [null], \"seeds\": [null]}",
                    "{\"eventId\": 1, \"datasetId\": [], \"training\": [null]}", new String(randomBytes(200),
                            StandardCharsets.ISO_8859_1))).getBytes(StandardCharsets.UTF_8);
        }
        if (type.startsWith("image/")) {
            return pick(List.of(pngClaiming(60_000, 60_000), randomBytes(300), truncated(pngClaiming(48, 48)),
                    new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) 0xEA, 0x60,
                            (byte) 0xEA, 0x60, 3}, "GIF89a\u00ff\u00ff\u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[0]));
        }
        return pick(List.of(gzipMagicAndJunk(), truncated(gzip("emotion,pixels,Usage\n0,1 2 3,Training\n")),
                zipMagicAndJunk(), "emotion,pixels,Usage\n9,abc,Nowhere\n".getBytes(StandardCharsets.UTF_8),
                randomBytes(500), new byte[0], ("emotion,pixels,Usage\n0," + "1 ".repeat(10_000) + ",Training\n")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean trainerBookkeeping(String key) {
        return key.startsWith(MODELS_BUCKET + "/_jobs/") || key.startsWith(MODELS_BUCKET + "/_leases/")
                || key.startsWith(MODELS_BUCKET + "/_versions/") || key.startsWith(MODELS_BUCKET + "/_cancellations/");
    }

    private static String malformedRecord(int i) {
        return switch (i % 10) {
            case 0 -> "not json";
            case 1 -> "";
            case 2 -> "null";
            case 3 -> "[]";
            case 4 -> "{\"eventId\": null}";
            case 5 -> "{\"eventId\": \"m" + i + "\", \"datasetId\": \"..\", \"uri\": \"s3://datasets/x/\"}";
            case 6 -> "{\"eventId\": \"m" + i + "\", \"datasetId\": \"x\", \"uri\": \"s3://elsewhere/x/\", "
                    + "\"format\": \"emotion-shards\"}";
            case 7 -> "{\"eventId\": \"m" + i + "\", \"training\": [null]}";
            case 8 -> "{".repeat(3000);
            default -> "{\"eventId\": \"m" + i + "\", \"datasetId\": \"" + "a".repeat(500) + "\"}";
        };
    }

    /** Every object of the datasets and models buckets with a digest of its content. */
    private static Map<String, String> snapshot(ObjectStore store) throws Exception {
        Map<String, String> objects = new TreeMap<>();
        for (String bucket : List.of("datasets", MODELS_BUCKET)) {
            for (String key : store.list(S3Uri.of(bucket, ""))) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(store.get(S3Uri.of(bucket, key)));
                objects.put(bucket + "/" + key, HexFormat.of().formatHex(digest));
            }
        }
        return objects;
    }

    private static ServiceProcess start(List<ServiceProcess> services, String name, Map<String, String> env) {
        ServiceProcess service = ServiceProcess.start(name, env);
        services.add(service);
        return service;
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put(key, value);
        return all;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] truncated(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
    }

    /** A PNG signature and IHDR claiming {@code width}×{@code height}, then nothing. */
    private static byte[] pngClaiming(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        png.putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, 0});
        return png.array();
    }

    private byte[] gzipMagicAndJunk() {
        byte[] junk = randomBytes(64);
        junk[0] = 0x1f;
        junk[1] = (byte) 0x8b;
        return junk;
    }

    private byte[] zipMagicAndJunk() {
        byte[] junk = randomBytes(64);
        junk[0] = 'P';
        junk[1] = 'K';
        junk[2] = 3;
        junk[3] = 4;
        return junk;
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String body) {
        return body == null || body.length() < 200 ? body : body.substring(0, 200) + "…";
    }
}
