package io.ferperturb.trainer.listener;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.testsupport.TestDatasets;
import io.ferperturb.testsupport.TestServers;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The trainer reads datasets and cluster maps from its datasets bucket only, and trains only on the content an event
 * names; an event naming another bucket, or a dataset replaced since, is refused.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class EventDatasetsTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Test
    void aDatasetOutsideTheDatasetsBucketIsDeadLetteredAndRefusedOverHttp() {
        String foreign = """
                {"eventId": "evt-foreign", "datasetId": "trainer-foreign", "uri": "s3://elsewhere/trainer-foreign/",
                 "format": "emotion-shards", "training": [{"architecture": "cnn", "epochs": 1}]}""";
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-foreign", foreign);
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY), r -> "trainer-foreign".equals(r.key()),
                1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = KafkaTestClient.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.contains("outside bucket 'datasets'"), reason);

        given().contentType("application/json").body("""
                {"eventId": "evt-foreign-map", "datasetId": "d", "uri": "s3://datasets/d/", "format": "emotion-shards",
                 "perturbation": {"method": "cluster-mask", "clusters": 3,
                                  "clusterMapUri": "s3://elsewhere/d-perturbed-k3/clusters.json"},
                 "training": [{"architecture": "cnn", "epochs": 1}]}""")
                .when().post("/jobs").then().statusCode(400)
                .body("error", containsString("perturbation.clusterMapUri"));
    }

    @Test
    void aDatasetReplacedSinceTheEventWasSentIsNotTrainedOn() {
        TestDatasets.store(store, "trainer-replaced", 2, 12);
        KafkaTestClient.send(Topics.DATASET_READY, "trainer-replaced", """
                {"eventId": "evt-replaced", "datasetId": "trainer-replaced", "uri": "s3://datasets/trainer-replaced/",
                 "format": "emotion-shards", "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
                 "training": [{"architecture": "cnn", "epochs": 1}]}""");
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY), r -> "trainer-replaced".equals(r.key()),
                1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = KafkaTestClient.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.contains("is not the content the event names"), reason);
    }
}
