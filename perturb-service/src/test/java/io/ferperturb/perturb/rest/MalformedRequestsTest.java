package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.domain.data.Split;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Over a thousand generated malformed requests at every perturb-service endpoint: mutated gzip and zip uploads, odd
 * and overlong ids, every experiment field set to nulls and wrong types (one at a time, then a few together), broken
 * JSON, odd S3 locations and query parameters. None may get a 5xx;
 * every refusal that reaches the application is the contract's JSON error with a sentence; the service is still
 * ready afterwards. The generator is seeded, so a failure names a request that can be sent again.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class MalformedRequestsTest {
    private static final String[] CSV_TYPES = {"text/csv", "application/gzip", "application/x-gzip",
            "application/octet-stream", "text/plain"};
    private static final String[] ID_ENDPOINTS = {"/datasets/{id}", "/datasets/{id}/distribution.png",
            "/datasets/{id}/clusters.png", "/datasets/{id}/clusters.json", "/datasets/{id}/elbow",
            "/datasets/{id}/elbow.png", "/experiments/{id}", "/experiments/{id}/report"};
    private static final String[] EXPERIMENT_FIELDS = {"datasetId", "architectures", "clusters", "sweep", "epochs",
            "attentionEpochs", "epochsPerArchitecture", "batchSize", "learningRate", "seed", "augment", "attention",
            "attentionModel", "attentionSample", "alpha", "beta", "threshold", "fill", "keepOriginal",
            "perturbedBatching", "seeds", "controls", "crop", "attentionArchitecture", "thresholdScale", "classWeights",
            "protocol"};
    private static final String[] JSON_VALUES = {"null", "[null]", "[]", "{}", "\"\"", "\"x\"", "0", "-1", "1",
            "2147483648", "1e308", "-1e308", "0.5", "true", "[1, null]", "[\"cnn\", null]", "{\"cnn\": null}",
            "{\"cnn\": \"x\"}", "[[1]]", "\"paper\"", "[0, 3]", "\"" + "x".repeat(5000) + "\"", "[-9999999999]"};
    private static final String[] BROKEN_JSON = {"", "{", "}", "null", "[]", "[null]", "\"x\"", "42", "{\"datasetId\": }",
            "{\"sweep\": [1,,2]}", "{\"datasetId\": \"a\",}", "[".repeat(2000), "{\"a\":".repeat(300), "\u0000",
            "{\"datasetId\": \"\\ud800\"}", "{'datasetId': 'x'}", "{\"datasetId\": NaN}"};

    private final Random random = new Random(18);
    private final List<String> failures = new ArrayList<>();
    private int sent;

    @Test
    void everyMalformedRequestGetsAClientErrorAndTheServiceStaysReady() throws IOException {
        byte[] gzipCsv = csv(true);
        byte[] zip = imageFolderZip();
        for (int i = 0; i < 120; i++) {
            byte[] body = mutateGzip(gzipCsv);
            String type = CSV_TYPES[i % CSV_TYPES.length];
            String path = "/datasets/fuzz-csv-" + i + "?train=false";
            send("POST csv upload #" + i, r -> r.contentType(type).body(body).post(path));
        }
        for (int i = 0; i < 120; i++) {
            byte[] body = mutateZip(zip);
            String path = "/datasets/fuzz-zip-" + i + "?train=false";
            send("POST zip upload #" + i, r -> r.contentType("application/zip").body(body).post(path));
        }
        byte[] plainCsv = csv(false);
        for (int i = 0; i < 120; i++) {
            String id = oddId();
            String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            String endpoint = ID_ENDPOINTS[i % ID_ENDPOINTS.length].replace("{id}", encoded);
            send("GET " + shown(endpoint), r -> r.get(endpoint));
            if (i % 3 == 0) {
                send("POST /datasets/" + shown(encoded), r -> r.contentType("text/csv").body(plainCsv)
                        .post("/datasets/" + encoded + "?train=false"));
                send("POST /datasets/" + shown(encoded) + "/import", r -> r.contentType("application/json")
                        .body("{\"uri\": \"s3://datasets/none/\"}").post("/datasets/" + encoded + "/import"));
            }
        }
        for (String field : EXPERIMENT_FIELDS) {
            for (String value : JSON_VALUES) {
                String body = "{\"datasetId\": \"fuzz-no-such-dataset\", \"" + field + "\": " + value + "}";
                send("POST /experiments " + shown(body), r -> r.contentType("application/json").body(body)
                        .post("/experiments"));
            }
        }
        for (int i = 0; i < 150; i++) {
            String body = experimentBody();
            send("POST /experiments " + shown(body), r -> r.contentType("application/json").body(body).post("/experiments"));
        }
        for (String body : BROKEN_JSON) {
            send("POST /experiments " + shown(body), r -> r.contentType("application/json").body(body).post("/experiments"));
            send("POST import " + shown(body), r -> r.contentType("application/json").body(body)
                    .post("/datasets/fuzz-import/import"));
        }
        for (String uri : importUris()) {
            for (String value : List.of("\"" + uri + "\"", "[\"" + uri + "\"]")) {
                String body = "{\"uri\": " + value + "}";
                send("POST import " + shown(body), r -> r.contentType("application/json").body(body)
                        .post("/datasets/fuzz-import/import?train=false"));
            }
        }
        for (String query : uploadQueries()) {
            send("POST upload ?" + shown(query), r -> r.contentType("text/csv").body(plainCsv)
                    .post("/datasets/fuzz-query?replace=true&" + query));
        }

        assertTrue(sent >= 1200, "only " + sent + " requests were sent");
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " malformed requests were not answered with a "
                + "4xx JSON error:\n" + String.join("\n", failures));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    /** Sends one request; a 5xx, or a refusal without the contract's error body, is recorded as a failure. */
    private void send(String what, Function<RequestSpecification, Response> request) {
        sent++;
        Response response = request.apply(given().urlEncodingEnabled(false)); // paths are sent as written here
        int status = response.statusCode();
        String body = response.asString();
        boolean refusedBeforeTheApplication = status == 414 || status == 431; // Vert.x: URI or headers too long
        if (status >= 500 || status >= 400 && !refusedBeforeTheApplication && !hasErrorSentence(response)) {
            failures.add(what + " → " + status + " " + shown(body));
        }
    }

    private static boolean hasErrorSentence(Response response) {
        try {
            String error = response.jsonPath().getString("error");
            return error != null && !error.isBlank() && response.jsonPath().getString("code") != null;
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** Truncated, bit-flipped, or gzip magic followed by junk (with or without a plausible header). */
    private byte[] mutateGzip(byte[] gzip) {
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(gzip, 1 + random.nextInt(gzip.length - 1));
            case 1 -> flip(gzip);
            case 2 -> concat(new byte[] {0x1f, (byte) 0x8b}, junk(1 + random.nextInt(300)));
            default -> concat(Arrays.copyOf(gzip, 10), junk(1 + random.nextInt(2000)));
        };
    }

    /** Truncated, bit-flipped, a local header followed by junk, or entries with their middle cut out. */
    private byte[] mutateZip(byte[] zip) {
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(zip, 1 + random.nextInt(zip.length - 1));
            case 1 -> flip(zip);
            case 2 -> concat(new byte[] {'P', 'K', 3, 4}, junk(1 + random.nextInt(500)));
            default -> {
                int from = 30 + random.nextInt(zip.length / 2);
                int to = from + 1 + random.nextInt(zip.length - from - 1);
                yield concat(Arrays.copyOf(zip, from), Arrays.copyOfRange(zip, to, zip.length));
            }
        };
    }

    private byte[] flip(byte[] original) {
        byte[] mutated = original.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return mutated;
    }

    private byte[] junk(int length) {
        byte[] junk = new byte[length];
        random.nextBytes(junk);
        return junk;
    }

    /** Ids no dataset, experiment or job can have: odd characters, traversal, unicode, overlong. */
    private String oddId() {
        String alphabet = "abcXYZ019-_.~!$&'()*+,;=:@ %\"<>\\^`{|}/?#[]é€\u00a0\t";
        return switch (random.nextInt(5)) {
            case 0 -> "x".repeat(64 + random.nextInt(3000));
            case 1 -> "../".repeat(1 + random.nextInt(5)) + "etc";
            case 2 -> "😀" + random.nextInt(1000);
            default -> {
                StringBuilder id = new StringBuilder();
                int length = 1 + random.nextInt(40);
                for (int i = 0; i < length; i++) {
                    id.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                yield id.toString();
            }
        };
    }

    /** An experiment request with a few fields set to values of the wrong type, nulls, or out of range. */
    private String experimentBody() {
        StringBuilder json = new StringBuilder("{");
        boolean validDataset = random.nextBoolean();
        if (validDataset) {
            json.append("\"datasetId\": \"fuzz-no-such-dataset\"");
        }
        int fields = 1 + random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            String field = EXPERIMENT_FIELDS[random.nextInt(EXPERIMENT_FIELDS.length)];
            if (json.length() > 1) {
                json.append(", ");
            }
            json.append('"').append(field).append("\": ").append(JSON_VALUES[random.nextInt(JSON_VALUES.length)]);
        }
        return json.append('}').toString();
    }

    private static List<String> importUris() {
        return List.of("", "s3://", "s3:///x", "s3://no-such-bucket-fuzz/prefix/", "s3://Invalid_Bucket!/x",
                "s3://" + "a".repeat(300) + "/x", "s3://datasets/" + "k".repeat(2000), "http://example.com/x",
                "s3://datasets/../../etc/", "s3://datasets/\u0000/", "s3://xn--/p", "s3://a/p");
    }

    private static List<String> uploadQueries() {
        return List.of("epochs=abc", "epochs=-1", "epochs=99999999999", "epochs=2147483647", "batchSize=1e9",
                "batchSize=0", "architectures=,,,", "architectures=" + "cnn,".repeat(400), "architectures=%00",
                "seed=x", "learningRate=NaN", "learningRate=-1", "classWeights=heavy", "train=maybe", "replace=2",
                "augment=perhaps", "architectures=unknown-net");
    }

    private static String shown(String text) {
        String oneLine = text.replace("\n", "\\n");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] csv(boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out, gzip)) {
            new SyntheticFaceGenerator(5).dataset(1, Imbalance.NONE).forEach(writer::write);
        }
        return out.toByteArray();
    }

    private static byte[] imageFolderZip() throws IOException {
        SyntheticFaceGenerator faces = new SyntheticFaceGenerator(9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String split : new String[] {"train", "test"}) {
                for (Emotion emotion : Emotion.values()) {
                    zip.putNextEntry(new ZipEntry(split + "/" + emotion.label() + "/0.png"));
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    ImageIO.write(FacePreprocessing.toImage(faces.face(emotion, Split.TRAINING, 0).pixels()), "png", png);
                    zip.write(png.toByteArray());
                    zip.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }
}
