package io.ferperturb.saliency.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Malformed input on every endpoint is a 4xx with a sentence, never a 5xx, and the service stays ready: each class
 * once (formats, header bombs, limits), then a few hundred generated requests. Runs after
 * {@link SaliencyResourceTest}, on the models it loaded.
 */
@QuarkusTest
@Order(2)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class MalformedInputTest {
    static final int FUZZ_REQUESTS = 300;

    @Test
    void imagesOutsideTheAcceptedFormatsOrSizesAreRefusedFromTheirHeader() {
        given().contentType("application/octet-stream").body(encode(face(), "tiff")).when().post("/saliency")
                .then().statusCode(415).body("code", equalTo("unsupported-image-format"))
                .body("error", containsString("PNG, JPEG, BMP or GIF"));
        given().contentType("image/png").body(pngHeaderClaiming(6000, 5000)).when().post("/saliency")
                .then().statusCode(413).body("code", equalTo("image-too-large"))
                .body("error", containsString("at most 25000000 pixels"));
        given().contentType("image/png").body(pngHeaderClaiming(6000, 5000)).queryParam("models", "latest")
                .when().post("/saliency/compare").then().statusCode(413);
    }

    @Test
    void aRequestAskingForMoreThanTheLimitsIs413NamingTheSetting() {
        String nineTimesOne = String.join(",", Collections.nCopies(9, "latest"));
        String nineDistinct = "a1,a2,a3,a4,a5,a6,a7,a8,a9";
        given().contentType("image/png").body(encode(face(), "png")).queryParam("models", nineDistinct)
                .when().post("/saliency/compare").then().statusCode(413).body("code", equalTo("limit-exceeded"))
                .body("error", containsString("fer.serving.max-models-per-request"));
        given().queryParam("model", nineDistinct).queryParam("datasetId", "any").when().get("/saliency/classes")
                .then().statusCode(413);
        given().queryParam("datasetId", "any").queryParam("perClass", 1001).when().get("/saliency/classes")
                .then().statusCode(413).body("error", containsString("fer.saliency.classes.per-class-limit"));
        given().queryParam("datasetId", "any").queryParam("perClass", 1000).queryParam("method", "smoothgrad")
                .queryParam("samples", 26).when().get("/saliency/classes").then().statusCode(413)
                .body("error", containsString("fer.saliency.classes.max-gradient-rows-per-class"));
        given().queryParam("datasetId", "any").queryParam("perClass", 0).when().get("/saliency/classes")
                .then().statusCode(400);
        // repeated names count once
        given().contentType("image/png").body(encode(face(), "png")).queryParam("models", nineTimesOne)
                .when().post("/saliency/compare").then().statusCode(200);
    }

    @Test
    void generatedMalformedRequestsGetNo5xxAndTheServiceStaysReady() {
        Random random = new Random(20261202L);
        List<byte[]> valid = List.of(encode(face(), "png"), encode(face(), "jpeg"), encode(face(), "bmp"),
                encode(face(), "gif"));
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < FUZZ_REQUESTS; i++) {
            String[] query = randomQuery(random);
            Response r = switch (i % 5) {
                case 0, 1 -> withQuery(given().contentType(type(random)).body(mutated(random, valid)), query)
                        .when().post("/saliency");
                case 2 -> withQuery(given().contentType(type(random)).body(mutated(random, valid)), query)
                        .queryParam("models", randomModels(random)).when().post("/saliency/compare");
                case 3 -> withQuery(given(), query).queryParam("datasetId", randomText(random))
                        .queryParam("model", randomModels(random)).queryParam("perClass", random.nextInt(3000) - 1000)
                        .when().get("/saliency/classes");
                default -> given().contentType(type(random)).body(mutated(random, valid))
                        .queryParam("model", randomText(random)).when().post("/saliency");
            };
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() >= 500) {
                failures.add(i + ": " + r.statusCode() + " " + r.asString());
            } else if (r.statusCode() >= 400 && !r.asString().contains("\"error\"")) {
                failures.add(i + ": " + r.statusCode() + " without an error sentence: " + r.asString());
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), "statuses " + statuses);
        assertTrue(statuses.containsKey(200), "some requests survive: " + statuses);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().contentType("image/png").body(valid.get(0)).when().post("/saliency").then().statusCode(200);
    }

    private static RequestSpecification withQuery(RequestSpecification request, String[] query) {
        return query == null ? request : request.queryParam(query[0], query[1]);
    }

    /** One parameter with a value that is sometimes fine, often not. */
    private static String[] randomQuery(Random random) {
        List<String> names = List.of("model", "method", "target", "format", "layout", "scale", "samples", "sigma",
                "steps", "baseline");
        List<String> values = List.of("", "-1", "0", "1", "3", "17", "501", "2147483648", "NaN", "Infinity", "1e309",
                "gradcam", "smoothgrad", "integrated-gradients", "json", "png", "side-by-side", "happy", "predicted",
                "ensemble:", "ensemble:a,,b", "best", "latest", "x".repeat(3000));
        if (random.nextInt(4) == 0) {
            return null;
        }
        String value = random.nextBoolean() ? values.get(random.nextInt(values.size())) : randomText(random);
        return new String[] {names.get(random.nextInt(names.size())), value};
    }

    private static String randomModels(Random random) {
        int n = random.nextInt(12);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(random.nextBoolean() ? List.of("latest", "best", "nobody", "a:0", "a:v3", "").get(random.nextInt(6))
                    : randomText(random));
        }
        return String.join(",", names);
    }

    private static String type(Random random) {
        return List.of("image/png", "image/jpeg", "image/bmp", "image/gif", "application/octet-stream", "text/plain",
                "image/webp").get(random.nextInt(7));
    }

    /** A valid image truncated, with bytes changed, noise, or a header declaring a huge size. */
    private static byte[] mutated(Random random, List<byte[]> valid) {
        byte[] base = valid.get(random.nextInt(valid.size()));
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(base, random.nextInt(base.length));
            case 1 -> {
                byte[] out = base.clone();
                for (int i = 0, n = 1 + random.nextInt(50); i < n; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
                yield out;
            }
            case 2 -> {
                byte[] noise = new byte[random.nextInt(2048)];
                random.nextBytes(noise);
                yield noise;
            }
            case 3 -> pngHeaderClaiming(1 + random.nextInt(200_000), 1 + random.nextInt(200_000));
            default -> base;
        };
    }

    private static String randomText(Random random) {
        String alphabet = "abcXYZ019:,-_/.%~ éü\"'{}[]";
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = random.nextInt(12); i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** A face in colour, which every image writer takes. */
    private static BufferedImage face() {
        BufferedImage grey = FacePreprocessing.toImage(new SyntheticFaceGenerator(1).draw(Emotion.HAPPY, 0));
        BufferedImage rgb = new BufferedImage(grey.getWidth(), grey.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(grey, 0, 0, null);
        return rgb;
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out), "a " + format + " writer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature and IHDR declaring {@code width × height}, with no pixel data. */
    private static byte[] pngHeaderClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
