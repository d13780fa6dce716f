package io.ferperturb.inference.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Bad input never gets a 5xx and a swap under load drops nothing; runs last, on the models of the earlier classes. */
@QuarkusTest
@Order(3)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RobustnessTest {
    static final int FUZZ_INPUTS = 1200;
    static final List<String> MEDIA_TYPES = List.of("image/png", "image/jpeg", "image/bmp", "image/gif",
            "application/octet-stream", "text/plain", "application/json", "image/webp");
    static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    @TestHTTPResource("/")
    URL root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    @Order(1)
    void corruptedRandomAndTruncatedInputsGetOnly2xxOr4xx() throws Exception {
        Random random = new Random(20241101L);
        List<byte[]> valid = validImages();
        byte[] validJson = OipResourceTest.fp32Request(List.of(new byte[2304])).getBytes(StandardCharsets.UTF_8);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < FUZZ_INPUTS; i++) {
            HttpRequest request = i % 5 == 4 ? fuzzedInfer(random, validJson) : fuzzedPredict(random, valid);
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() >= 500 || response.statusCode() < 200) {
                failures.add(i + ": " + request.uri() + " -> " + response.statusCode() + " " + response.body());
            } else if (response.statusCode() >= 400 && !response.body().contains("\"error\"")) {
                failures.add(i + ": " + request.uri() + " -> " + response.statusCode() + " without an error sentence");
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), "statuses " + statuses);
        assertTrue(statuses.keySet().stream().anyMatch(s -> s == 200), "some inputs survive corruption: " + statuses);
        assertTrue(statuses.keySet().stream().anyMatch(s -> s == 400), "most are refused: " + statuses);
        assertEquals(200, http.send(get("q/health/live"), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, http.send(get("q/health/ready"), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, http.send(predict(PredictResourceTest.GREY_FACE, "image/png", ""),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the service still answers");
    }

    @Test
    @Order(2)
    void aBodyOverTheLimitIs413() throws Exception {
        // as curl does for large bodies: the server refuses from the Content-Length before the body is sent
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "predict")).header("Content-Type", "image/png")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[21 * 1024 * 1024])).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
    }

    @Test
    @Order(3)
    void aSwapUnderLoadDropsNoRequest() throws Exception {
        int clients = 8;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Integer> versions = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> r = http.send(predict(PredictResourceTest.GREY_FACE, "image/png", ""),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    } else {
                        Matcher m = VERSION.matcher(r.body());
                        if (m.find()) {
                            versions.add(Integer.parseInt(m.group(1)));
                        }
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() > 50);
            TestCheckpoints.publish(PredictResourceTest.MODEL, 3, -1, false);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> versions.contains(3));
            int before = answered.get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() > before + 200);
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
        }
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " of " + answered + " failed");
        assertTrue(versions.containsAll(Set.of(2, 3)), "answers came from the old and the new model: " + versions);
    }

    private HttpRequest fuzzedPredict(Random random, List<byte[]> valid) {
        byte[] base = valid.get(random.nextInt(valid.size()));
        byte[] body = switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(base, random.nextInt(base.length)); // truncated
            case 1 -> flipBytes(base, random, 1 + random.nextInt(3)); // a few bytes changed
            case 2 -> flipBytes(base, random, 10 + random.nextInt(200)); // many bytes changed
            case 3 -> randomBytes(random, random.nextInt(4096)); // noise, sometimes empty
            case 4 -> concat(Arrays.copyOf(base, Math.min(base.length, 8 + random.nextInt(64))),
                    randomBytes(random, random.nextInt(2048))); // a real header, then noise
            default -> random.nextBoolean() // header bombs: few bytes, a huge declared size
                    ? TestImages.pngHeaderClaiming(1 + random.nextInt(200_000), 1 + random.nextInt(200_000))
                    : TestImages.jpegHeaderClaiming(1 + random.nextInt(65_535), 1 + random.nextInt(65_535));
        };
        String type = random.nextInt(4) == 0 ? MEDIA_TYPES.get(random.nextInt(MEDIA_TYPES.size())) : "image/png";
        String query = switch (random.nextInt(8)) {
            case 0 -> "?model=" + URLEncoder.encode(randomText(random), StandardCharsets.UTF_8);
            case 1 -> "?faces=" + URLEncoder.encode(randomText(random), StandardCharsets.UTF_8);
            case 2 -> "?tta=" + URLEncoder.encode(randomText(random), StandardCharsets.UTF_8);
            case 3 -> "?faces=none&tta=true";
            default -> "";
        };
        return predict(body, type, query);
    }

    private HttpRequest fuzzedInfer(Random random, byte[] validJson) {
        byte[] body = switch (random.nextInt(6)) {
            case 5 -> malformedTensor(random).getBytes(StandardCharsets.UTF_8);
            case 0 -> Arrays.copyOf(validJson, random.nextInt(validJson.length));
            case 1 -> flipBytes(validJson, random, 1 + random.nextInt(20));
            case 2 -> randomBytes(random, random.nextInt(1024));
            case 3 -> Json.write(Map.of("inputs", List.of(Map.of("name", randomText(random), "datatype",
                    List.of("FP32", "BYTES", "INT8", "").get(random.nextInt(4)), "shape",
                    List.of(random.nextInt(5) - 1, 1, 48, 48), "data", List.of(randomText(random), 1.5)))))
                    .getBytes(StandardCharsets.UTF_8);
            default -> ("{\"inputs\":[{\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\""
                    + java.util.Base64.getEncoder().encodeToString(randomBytes(random, 300)) + "\"]}]}")
                    .getBytes(StandardCharsets.UTF_8);
        };
        String model = random.nextInt(6) == 0 ? URLEncoder.encode(randomText(random), StandardCharsets.UTF_8)
                .replace("+", "%20") : "latest";
        if (model.isEmpty()) {
            model = "latest";
        }
        return HttpRequest.newBuilder(URI.create(root + "v2/models/" + model + "/infer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** A well-formed JSON body whose tensor is not: null elements, odd or overflowing shapes, wrong types. */
    private static String malformedTensor(Random random) {
        List<String> dimensions = List.of("null", "-1", "0", "1", "48", "2147483647", "4294967296",
                "9223372036854775807", "99999999999999999999", "\"48\"", "1.5", "[]", "{}");
        int rank = random.nextInt(6);
        List<String> shape = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            shape.add(random.nextInt(3) == 0 ? dimensions.get(random.nextInt(dimensions.size())) : List.of("1", "1", "48", "48").get(i % 4));
        }
        List<String> values = List.of("null", "0.5", "\"a\"", "[]", "[null]", "1e999", "{}", "true");
        List<String> data = new ArrayList<>();
        int length = random.nextInt(4) == 0 ? 2304 : random.nextInt(8);
        for (int i = 0; i < length; i++) {
            data.add(random.nextInt(50) == 0 ? values.get(random.nextInt(values.size())) : "0.5");
        }
        String datatype = List.of("\"FP32\"", "\"BYTES\"", "null", "7", "\"fp32\"").get(random.nextInt(5));
        String input = random.nextInt(20) == 0 ? "null" : "{\"name\": \"x\", \"datatype\": " + datatype
                + ", \"shape\": " + (random.nextInt(10) == 0 ? "null" : "[" + String.join(", ", shape) + "]")
                + ", \"data\": " + (random.nextInt(10) == 0 ? "null" : "[" + String.join(", ", data) + "]") + "}";
        return "{\"inputs\": " + (random.nextInt(20) == 0 ? "null" : "[" + input + "]") + "}";
    }

    private HttpRequest predict(byte[] body, String type, String query) {
        return HttpRequest.newBuilder(URI.create(root + "predict" + query)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(60)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(root + path)).GET().build();
    }

    /** Small valid images of every accepted format: a face crop and a little photo with a face. */
    private static List<byte[]> validImages() {
        BufferedImage photo = TestImages.group(1, 4).image();
        BufferedImage small = new BufferedImage(photo.getWidth() / 3, photo.getHeight() / 3, BufferedImage.TYPE_INT_RGB);
        small.getGraphics().drawImage(photo.getScaledInstance(small.getWidth(), small.getHeight(), Image.SCALE_SMOOTH), 0, 0, null);
        List<byte[]> images = new ArrayList<>();
        for (String format : List.of("png", "jpeg", "bmp", "gif")) {
            images.add(TestImages.encode(small, format));
        }
        images.add(PredictResourceTest.GREY_FACE);
        return images;
    }

    private static byte[] flipBytes(byte[] base, Random random, int count) {
        byte[] out = base.clone();
        for (int i = 0; i < count && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String randomText(Random random) {
        String alphabet = "abcXYZ019:,-_/.%~ éü\"'{}[]";
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
