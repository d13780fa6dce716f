package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The default {@code fer.perturb.limits.*}: an upload or experiment asking for more epochs, a larger batch, more
 * jobs, a longer sweep or more seeds is refused with 400 naming the setting, before anything is stored; the
 * paper's protocol passes them.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class RequestLimitsResourceTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Test
    void anUploadAskingForTooMuchTrainingIsRefusedBeforeItIsRead() {
        byte[] csv = csv();
        assertRefused(given().contentType("text/csv").body(csv).post("/datasets/limits-epochs?epochs=2001"),
                "fer.perturb.limits.max-epochs");
        assertRefused(given().contentType("text/csv").body(csv).post("/datasets/limits-batch?batchSize=1025"),
                "fer.perturb.limits.max-batch-size");
        assertRefused(given().contentType("text/csv").body(csv)
                .post("/datasets/limits-jobs?architectures=" + "cnn,".repeat(257)), "fer.perturb.limits.max-jobs");
        for (String id : new String[] {"limits-epochs", "limits-batch", "limits-jobs"}) {
            assertTrue(store.list(S3Uri.of("datasets", id + "/")).isEmpty(), id);
        }
    }

    @Test
    void anExperimentAskingForTooMuchIsRefusedAndThePapersProtocolIsNot() {
        assertRefused(experiment("{\"datasetId\": \"no-such-ds\", \"sweep\": [1, 2, 3, 4, 5, 6, 7, 8, 9]}"),
                "fer.perturb.limits.max-sweep");
        assertRefused(experiment("{\"datasetId\": \"no-such-ds\", \"seeds\": [1, 2, 3, 4, 5, 6]}"),
                "fer.perturb.limits.max-seeds");
        assertRefused(experiment("{\"datasetId\": \"no-such-ds\", \"epochs\": 100000}"), "fer.perturb.limits.max-epochs");
        assertRefused(experiment("{\"datasetId\": \"no-such-ds\", \"protocol\": \"paper\", \"sweep\": [1, 2, 3, 4, 5, 6, "
                + "7, 8], \"seeds\": [1, 2, 3, 4, 5]}"), "fer.perturb.limits.max-jobs");
        // within every limit: the next check, the dataset's existence, answers
        experiment("{\"datasetId\": \"no-such-ds\", \"protocol\": \"paper\", \"sweep\": [1, 2, 3, 4, 5, 6], "
                + "\"seeds\": [1, 2, 3]}").then().statusCode(404).body("code", equalTo("unknown-dataset"));
    }

    private static io.restassured.response.Response experiment(String body) {
        return given().contentType("application/json").body(body).post("/experiments");
    }

    private static void assertRefused(io.restassured.response.Response response, String setting) {
        response.then().statusCode(400).body("code", equalTo("limit-exceeded")).body("error", containsString(setting));
    }

    private static byte[] csv() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(out, false)) {
            new SyntheticFaceGenerator(4).dataset(1, Imbalance.NONE).forEach(writer::write);
        }
        return out.toByteArray();
    }
}
