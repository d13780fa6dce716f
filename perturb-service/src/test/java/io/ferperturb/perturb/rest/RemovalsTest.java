package io.ferperturb.perturb.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.ModelCard;
import io.ferperturb.perturb.experiment.Experiment;
import io.ferperturb.perturb.experiment.ExperimentRequest;
import io.ferperturb.perturb.experiment.ExperimentSpec;
import io.ferperturb.perturb.experiment.ExperimentState;
import io.ferperturb.perturb.experiment.ExperimentStore;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.ferperturb.testsupport.TestServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code DELETE /datasets/{id}} and {@code DELETE /experiments/{id}} remove what nothing uses, and refuse the rest. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class RemovalsTest {
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());

    @Inject
    ExperimentStore experiments;

    @Test
    void aDatasetInUseIsRefusedNamingItsUsersAndRemovedOnceNothingUsesIt() {
        upload("removal-source");
        S3Uri derived = S3Uri.of("datasets", "removal-source-occluded-00000000/");
        try (ShardWriter writer = new ShardWriter((name, content) -> store.put(derived.resolve(name), content,
                "application/octet-stream"))) {
            new SyntheticFaceGenerator(6).dataset(1, Imbalance.NONE).forEach(writer::write);
            writer.finish("removal-source-occluded-00000000", "occluded", "removal-source");
        }
        S3Uri card = S3Uri.of("models", "cnn-removal-source/v1/model.json");
        store.put(card, Json.writeBytes(new ModelCard("cnn-removal-source", 1, "cnn", Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "model", 1, true, new Lineage("removal-source", "original", null, "j", "e", null),
                null, List.of(), Map.of(), "cpu", Instant.now())), "application/json");
        Experiment running = Experiment.created("exp-removal", ExperimentSpec.of(Json.read(
                "{\"datasetId\": \"removal-source\"}".getBytes(StandardCharsets.UTF_8), ExperimentRequest.class)),
                Instant.now()).withState(ExperimentState.TRAINING_PERTURBED, null);
        experiments.save(running);

        given().when().delete("/datasets/removal-source").then().statusCode(409)
                .body("code", equalTo("in-use"))
                .body("error", allOf(containsString("dataset removal-source-occluded-00000000"),
                        containsString("experiment exp-removal (training-perturbed)"),
                        containsString("model cnn-removal-source v1")));
        given().when().delete("/experiments/exp-removal").then().statusCode(409).body("code", equalTo("in-use"));

        experiments.save(running.withState(ExperimentState.SUCCEEDED, null));
        given().when().delete("/experiments/exp-removal").then().statusCode(204);
        given().when().get("/experiments/exp-removal").then().statusCode(404);
        given().when().delete("/datasets/removal-source-occluded-00000000").then().statusCode(204);
        store.delete(card);
        given().when().delete("/datasets/removal-source").then().statusCode(204);
        given().when().get("/datasets/removal-source").then().statusCode(404);
        given().when().delete("/datasets/removal-source").then().statusCode(404);
        given().when().delete("/experiments/no-such-experiment").then().statusCode(404);
    }

    private static void upload(String datasetId) {
        given().contentType("text/csv").body(DatasetResourceTest.syntheticCsv(5, false))
                .post("/datasets/" + datasetId + "?train=false").then().statusCode(202);
    }
}
