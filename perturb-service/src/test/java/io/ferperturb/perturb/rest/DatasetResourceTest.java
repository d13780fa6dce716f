package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.domain.data.ShardReader;
import io.ferperturb.domain.data.Split;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import java.io.ByteArrayOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
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
        assertEquals(3, event.training().get(0).hyperparameters().epochs());
        assertEquals("cnn", event.training().get(0).hyperparameters().architecture());
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
    void aTextPlainUploadThatAnyWebPageCouldSendIsRefused() {
        given().contentType("text/plain").body(syntheticCsv(10, false)).post("/datasets/upload-plain?train=false")
                .then().statusCode(415);
        assertTrue(store.list(S3Uri.of("datasets", "upload-plain/")).isEmpty());
    }

    @Test
    void anUnknownClassWeightingIsRefusedBeforeAnythingIsStored() {
        given().contentType("text/csv").body(syntheticCsv(10, false)).post("/datasets/upload-weights?classWeights=heavy")
                .then().statusCode(400)
                .body("code", equalTo("invalid-training-parameter"))
                .body("error", containsString("balanced"));
        assertTrue(store.list(S3Uri.of("datasets", "upload-weights/")).isEmpty());
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
    void anImageFolderZipIsStoredLikeACsvAndABadEntryIsNamed() throws Exception {
        given().contentType("application/zip").body(imageFolderZip(3, null))
                .when().post("/datasets/upload-zip?train=false")
                .then().statusCode(202)
                .body("images", equalTo(2 * 3 * Emotion.values().length))
                .body("countsByClass.Training.happy", equalTo(3))
                .body("countsByClass.PrivateTest.angry", equalTo(3));
        given().contentType("application/zip").body(imageFolderZip(1, "train/happy/broken.png"))
                .when().post("/datasets/upload-zip-bad?train=false")
                .then().statusCode(400).body("code", equalTo("invalid-dataset"))
                .body("error", containsString("train/happy/broken.png"));
        assertTrue(store.list(S3Uri.of("datasets", "upload-zip-bad/")).isEmpty());
    }

    @Test
    void anImageFolderUnderAnS3PrefixIsImported() throws Exception {
        SyntheticFaceGenerator faces = new SyntheticFaceGenerator(11);
        for (Emotion emotion : Emotion.values()) {
            for (String split : new String[] {"train", "test"}) {
                store.put(S3Uri.of("datasets", "_incoming/fer-folder/" + split + "/" + emotion.label() + "/0.png"),
                        png(faces.face(emotion, Split.TRAINING, 1).pixels()), "image/png");
            }
        }
        given().contentType("application/json").body("{\"uri\": \"s3://datasets/_incoming/fer-folder/\"}")
                .when().post("/datasets/imported-folder/import?train=false")
                .then().statusCode(202).body("images", equalTo(2 * Emotion.values().length))
                .body("counts.Training", equalTo(Emotion.values().length));
        given().contentType("application/json").body("{\"uri\": \"s3://datasets/_incoming/nothing-here/\"}")
                .when().post("/datasets/imported-nothing/import?train=false")
                .then().statusCode(400).body("error", containsString("no objects under"));
        given().contentType("application/json").body("{\"path\": \"/tmp\"}")
                .when().post("/datasets/imported-nothing/import")
                .then().statusCode(400).body("error", containsString("s3://bucket/prefix/"));
    }

    @Test
    void theDistributionIsDrawnAndFiguresNotYetComputedGetA404ThatSaysHow() {
        given().contentType("text/csv").body(syntheticCsv(5, false)).post("/datasets/figures-ds?train=false")
                .then().statusCode(202);
        byte[] png = given().when().get("/datasets/figures-ds/distribution.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals((byte) 0x89, png[0]);
        given().when().get("/datasets/figures-ds/clusters.png")
                .then().statusCode(404).body("code", equalTo("not-computed")).body("error", containsString("POST /experiments"));
        given().when().get("/datasets/figures-ds/elbow").then().statusCode(404).body("code", equalTo("not-computed"));
        given().when().get("/datasets/no-such-ds/distribution.png").then().statusCode(404)
                .body("code", equalTo("unknown-dataset"));
    }

    @Test
    void experimentRequestsAreCheckedBeforeAnythingStarts() {
        given().contentType("application/json").body("{}").post("/experiments")
                .then().statusCode(400).body("code", equalTo("invalid-experiment")).body("error", containsString("datasetId"));
        given().contentType("application/json").body("{\"datasetId\": \"no-such-ds\"}").post("/experiments")
                .then().statusCode(404).body("code", equalTo("unknown-dataset"));
        given().contentType("application/json").body("{\"datasetId\": \"x\", \"sweep\": [0, 3]}").post("/experiments")
                .then().statusCode(400).body("error", containsString("between 1 and"));
        given().contentType("application/json").body("{\"datasetId\": \"x\", \"attention\": \"magic\"}").post("/experiments")
                .then().statusCode(400).body("error", containsString("spatial-gate"));
        given().when().get("/experiments/exp-unknown").then().statusCode(404).body("code", equalTo("unknown-experiment"));
        given().contentType("text/csv").body(syntheticCsv(2, false)).post("/datasets/exp-checks?train=false")
                .then().statusCode(202);
        given().contentType("application/json").body("{\"datasetId\": \"exp-checks\", \"attentionModel\": \"nobody\"}")
                .post("/experiments").then().statusCode(400).body("error", containsString("no model 'nobody'"));
        // the model syntax of every service, of which attentionModel takes one trained model by id
        given().contentType("application/json").body("{\"datasetId\": \"exp-checks\", \"attentionModel\": \"best\"}")
                .post("/experiments").then().statusCode(400).body("error", containsString("not an alias or an ensemble"));
        given().contentType("application/json").body("{\"datasetId\": \"exp-checks\", \"attentionModel\": \"a:vx\"}")
                .post("/experiments").then().statusCode(400).body("code", equalTo("invalid-experiment"))
                .body("error", containsString("attentionModel"));
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/datasets/{datasetId}"));
    }

    /** train/ and test/ folders with {@code perClass} PNGs per class; {@code broken} names an extra corrupt entry. */
    private static byte[] imageFolderZip(int perClass, String broken) throws Exception {
        SyntheticFaceGenerator faces = new SyntheticFaceGenerator(9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String split : new String[] {"train", "test"}) {
                for (Emotion emotion : Emotion.values()) {
                    for (int i = 0; i < perClass; i++) {
                        zip.putNextEntry(new ZipEntry(split + "/" + emotion.label() + "/" + i + ".png"));
                        zip.write(png(faces.face(emotion, Split.TRAINING, i).pixels()));
                        zip.closeEntry();
                    }
                }
            }
            if (broken != null) {
                zip.putNextEntry(new ZipEntry(broken));
                zip.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] png(byte[] pixels) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(FacePreprocessing.toImage(pixels), "png", out);
        return out.toByteArray();
    }

    static byte[] syntheticCsv(int perClass, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out, gzip)) {
            new SyntheticFaceGenerator(5).dataset(perClass, Imbalance.NONE).forEach(writer::write);
        }
        return out.toByteArray();
    }
}
