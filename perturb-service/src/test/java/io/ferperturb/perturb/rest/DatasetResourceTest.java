package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.core.Json;
import io.ferperturb.core.data.DatasetManifest;
import io.ferperturb.core.data.Fer2013CsvWriter;
import io.ferperturb.core.data.Imbalance;
import io.ferperturb.core.data.ShardReader;
import io.ferperturb.core.data.Split;
import io.ferperturb.core.data.SyntheticFaceGenerator;
import io.ferperturb.core.event.DatasetReady;
import io.ferperturb.core.event.Topics;
import io.ferperturb.core.storage.ObjectStore;
import io.ferperturb.core.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class DatasetResourceTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Test
    void aCsvUploadIsStoredAsVerifiedShardsAndAnnouncedOnDatasetReady() {
        byte[] csv = syntheticCsv(20, false);
        given().contentType("text/csv").body(csv)
                .when().post("/datasets/upload-ok?epochs=3&architectures=cnn")
                .then().statusCode(202)
                .body("datasetId", equalTo("upload-ok"))
                .body("images", equalTo(140))
                .body("counts.Training", equalTo(112))
                .body("countsByClass.PrivateTest.happy", equalTo(2));

        ShardReader reader = ShardReader.open(name -> store.open(S3Uri.of("datasets", "upload-ok/" + name)));
        reader.verifyAll();
        assertEquals(112, reader.readSplit(Split.TRAINING).size());

        var records = KafkaTestClient.read(Topics.DATASET_READY, r -> "upload-ok".equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, records.size(), "one dataset-ready event keyed by the dataset id");
        DatasetReady event = Json.read(records.get(0).value().getBytes(), DatasetReady.class);
        assertEquals("s3://datasets/upload-ok/", event.uri());
        assertEquals("emotion-shards", event.format());
        assertEquals(reader.manifest().sha256(), event.sha256());
        assertEquals(3, event.training().get(0).epochs());
        assertEquals("cnn", event.training().get(0).architecture());
    }

    @Test
    void aGzipUploadIsAcceptedAndTrainFalsePublishesNothing() {
        given().contentType("application/gzip").body(syntheticCsv(10, true))
                .when().post("/datasets/upload-gzip?train=false")
                .then().statusCode(202).body("images", equalTo(70)).body("eventId", equalTo(null));
        assertTrue(KafkaTestClient.read(Topics.DATASET_READY, r -> "upload-gzip".equals(r.key()), 1, Duration.ofSeconds(3))
                .isEmpty());
        given().when().get("/datasets").then().statusCode(200).body("datasetId", hasItem("upload-gzip"));
        given().when().get("/datasets/upload-gzip").then().statusCode(200).body("counts.PublicTest", equalTo(7));
    }

    @Test
    void aMalformedCsvIsRefusedWithLineNumbersAndNothingIsStored() {
        String csv = "emotion,pixels,Usage\n3," + "1 ".repeat(2303) + "1,Training\n"
                + "3," + "1 ".repeat(2302) + "1,Training\n" + "8," + "1 ".repeat(2303) + "1,Training\n";
        given().contentType("text/csv").body(csv)
                .when().post("/datasets/upload-bad")
                .then().statusCode(400)
                .body("code", equalTo("invalid-dataset"))
                .body("error", containsString("line 3"))
                .body("error", containsString("line 4"));
        assertTrue(store.list(S3Uri.of("datasets", "upload-bad/")).isEmpty());
        given().when().get("/datasets/upload-bad").then().statusCode(404).body("code", equalTo("unknown-dataset"));
    }

    @Test
    void datasetsAreImmutableUnlessReplacementIsAskedFor() {
        byte[] csv = syntheticCsv(10, false);
        given().contentType("text/csv").body(csv).post("/datasets/upload-twice?train=false").then().statusCode(202);
        given().contentType("text/csv").body(csv).post("/datasets/upload-twice?train=false")
                .then().statusCode(409).body("code", equalTo("dataset-exists"));
        given().contentType("text/csv").body(syntheticCsv(20, false)).post("/datasets/upload-twice?train=false&replace=true")
                .then().statusCode(202).body("images", equalTo(140));
        DatasetManifest manifest = DatasetManifest.fromJson(store.get(S3Uri.of("datasets", "upload-twice/manifest.json")));
        assertEquals(140, manifest.datasetCounts().total());
    }

    @Test
    void badIdsAndMediaTypesGetClearClientErrors() {
        given().contentType("text/csv").body("x").post("/datasets/Not_Valid")
                .then().statusCode(400).body("error", containsString("datasetId must match"));
        given().contentType("image/png").body(new byte[] {1, 2, 3}).post("/datasets/some-id")
                .then().statusCode(415).body("code", equalTo("unsupported-media-type"));
        given().contentType("text/csv").body("").post("/datasets/empty-upload")
                .then().statusCode(400).body("code", equalTo("invalid-dataset"));
        assertFalse(store.exists(S3Uri.of("datasets", "empty-upload/manifest.json")));
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/datasets/{datasetId}"));
    }

    private static byte[] syntheticCsv(int perClass, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out, gzip)) {
            new SyntheticFaceGenerator(5).dataset(perClass, Imbalance.NONE).forEach(writer::write);
        }
        return out.toByteArray();
    }
}
