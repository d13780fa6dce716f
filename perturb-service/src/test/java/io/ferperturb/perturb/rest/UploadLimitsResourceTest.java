package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Fer2013CsvReader;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Each upload cap of {@code fer.perturb.upload.*}, set small here, answers 413 naming its setting, for a CSV (plain
 * or gzip), a zip archive and an S3 prefix alike, and nothing of the refused upload is stored.
 */
@QuarkusTest
@TestProfile(UploadLimitsResourceTest.SmallUploadLimits.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class UploadLimitsResourceTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    /** Caps a few synthetic faces break; a seven-face CSV stays within all of them. */
    public static class SmallUploadLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fer.perturb.upload.max-decompressed-bytes", "2M",
                    "fer.perturb.upload.max-rows", "100",
                    "fer.perturb.upload.max-entries", "60",
                    "fer.perturb.upload.max-entry-bytes", "64K",
                    "fer.perturb.upload.max-staging-bytes", "100K");
        }
    }

    @Test
    void aGzipBombStopsAtTheDecompressedBytes() throws IOException {
        byte[] blankLines = new byte[5 * 1024 * 1024];
        Arrays.fill(blankLines, (byte) '\n');
        byte[] bomb = gzip(concat((Fer2013CsvReader.HEADER + "\n").getBytes(StandardCharsets.UTF_8), blankLines));

        assertTooLarge(given().contentType("application/gzip").body(bomb).post("/datasets/limit-bomb?train=false"),
                "fer.perturb.upload.max-decompressed-bytes");
        assertNothingStored("limit-bomb");
    }

    @Test
    void rowsPastTheLimitAreRefusedAndAnUploadWithinEveryLimitIsStored() {
        assertTooLarge(given().contentType("text/csv").body(csv(20)).post("/datasets/limit-rows?train=false"),
                "fer.perturb.upload.max-rows");
        assertNothingStored("limit-rows");

        given().contentType("text/csv").body(csv(1)).post("/datasets/limit-within?train=false")
                .then().statusCode(202).body("images", equalTo(7));
    }

    @Test
    void shardsPastTheStagingCapAreRefused() {
        assertTooLarge(given().contentType("text/csv").body(csv(7)).post("/datasets/limit-staging?train=false"),
                "fer.perturb.upload.max-staging-bytes");
        assertNothingStored("limit-staging");
    }

    @Test
    void zipEntriesAndTheBytesOfOneImageAreCapped() throws IOException {
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(many)) {
            for (int i = 0; i < 61; i++) {
                zip.putNextEntry(new ZipEntry("notes/" + i + ".txt"));
                zip.write('x');
                zip.closeEntry();
            }
        }
        assertTooLarge(given().contentType("application/zip").body(many.toByteArray()).post("/datasets/limit-entries"),
                "fer.perturb.upload.max-entries");

        ByteArrayOutputStream large = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(large)) {
            zip.putNextEntry(new ZipEntry("train/happy/large.png"));
            zip.write(new byte[65 * 1024]);
            zip.closeEntry();
        }
        assertTooLarge(given().contentType("application/zip").body(large.toByteArray()).post("/datasets/limit-entry"),
                "fer.perturb.upload.max-entry-bytes");
        assertNothingStored("limit-entries");
        assertNothingStored("limit-entry");
    }

    @Test
    void anS3PrefixWithTooManyObjectsIsRefusedBeforeAnyIsRead() {
        for (int i = 0; i < 61; i++) {
            store.put(S3Uri.of("datasets", "_incoming/too-many/train/happy/" + i + ".png"), new byte[] {1}, "image/png");
        }
        assertTooLarge(given().contentType("application/json").body("{\"uri\": \"s3://datasets/_incoming/too-many/\"}")
                .post("/datasets/limit-prefix/import?train=false"), "fer.perturb.upload.max-entries");
        assertNothingStored("limit-prefix");
    }

    private static void assertTooLarge(io.restassured.response.Response response, String setting) {
        response.then().statusCode(413).body("code", equalTo("upload-too-large")).body("error", containsString(setting));
    }

    private void assertNothingStored(String datasetId) {
        assertTrue(store.list(S3Uri.of("datasets", datasetId + "/")).isEmpty(), datasetId + " left objects in S3");
    }

    private static byte[] csv(int perClass) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out, false)) {
            new SyntheticFaceGenerator(3).dataset(perClass, Imbalance.NONE).forEach(writer::write);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
