package io.ferperturb.inference.alias;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.event.ModelAliasMoved;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.models.ModelCard;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Serving follows {@code production}, as the chart configures it: an admin's move is announced on
 * {@code model-aliases} and swapped in, a rollback is one call, every move is recorded, and neither a new
 * checkpoint nor a forged announcement changes what is served. Real Kafka and S3; the steps build on each other.
 */
@QuarkusTest
@TestProfile(ProductionServingProfile.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServedAliasTest {
    private static final String MODEL = "cnn-aliased";
    private static final byte[] FACE = TestImages.facePng(new byte[FaceImage.PIXELS]);

    @Test
    @Order(1)
    void nothingIsServedUntilAnAdminPointsProductionAtAVersion() throws Exception {
        TestCheckpoints.store(MODEL, 1, 0.5, false);
        TestCheckpoints.publish(MODEL, 2, 0.6, false);
        given().contentType("image/png").body(FACE).when().post("/predict?faces=none").then().statusCode(503)
                .body("error", containsString("PUT /models/{id}/aliases/production"));
        given().when().get("/aliases/production").then().statusCode(404);
        given().contentType("application/json").body("{}").when().post("/aliases/production/rollback").then()
                .statusCode(409).body("code", equalTo("nothing-to-roll-back"));
    }

    @Test
    @Order(2)
    void movesAreCheckedBeforeAnythingIsStored() {
        put(MODEL, "prod", "{\"version\": 1}").statusCode(400).body("error", containsString("production or staging"));
        put(MODEL, "latest", "{\"version\": 1}").statusCode(400);
        put(MODEL, "production", "{}").statusCode(400).body("error", containsString("version"));
        put(MODEL, "production", "{\"version\": 0}").statusCode(400);
        put(MODEL, "production", "{\"version\": 9}").statusCode(404).body("code", equalTo("unknown-model"));
        put("no such id!", "production", "{\"version\": 1}").statusCode(400);
        put(MODEL, "production", "{\"version\": 1, \"reason\": \"" + "x".repeat(501) + "\"}").statusCode(400);
        given().when().get("/aliases/production").then().statusCode(404);
    }

    @Test
    @Order(3)
    void aMoveIsRecordedAnnouncedAndServedByEveryReplica() {
        JsonPath alias = put(MODEL, "production", "{\"version\": 1, \"reason\": \"first release\"}").statusCode(200)
                .extract().jsonPath();
        assertEquals(MODEL, alias.getString("target.modelId"));
        assertEquals(1, alias.getInt("target.version"));
        assertNull(alias.get("previous"));
        assertEquals(1, alias.getList("history").size());
        assertEquals("anonymous (auth off)", alias.getString("history[0].by"));
        assertEquals("move", alias.getString("history[0].action"));
        assertEquals("first release", alias.getString("history[0].reason"));
        assertNull(alias.get("history[0].from"));

        var announced = KafkaTestClient.read(Topics.MODEL_ALIASES, r -> "production".equals(r.key()), 1, Duration.ofSeconds(30));
        ModelAliasMoved event = Json.read(announced.get(0).value().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ModelAliasMoved.class);
        assertEquals(MODEL, event.modelId());
        assertEquals(1, event.version());
        assertEquals("move", event.action());

        awaitServed(1);
        given().when().get("/v2/models").then().statusCode(200)
                .body("models.find { it.name == '" + MODEL + "' && it.version == 1 }.aliases", hasItem("production"))
                .body("models.find { it.name == '" + MODEL + "' && it.version == 1 }.isDefault", equalTo(true))
                .body("models.find { it.name == '" + MODEL + "' && it.version == 2 }.aliases", not(hasItem("production")));
    }

    @Test
    @Order(4)
    void aNewCheckpointDoesNotChangeWhatProductionServes() throws Exception {
        ModelCard third = TestCheckpoints.store(MODEL, 3, 0.9, false);
        TestCheckpoints.announce(third);
        // the consumer handles a key's records in order: once this one is dead-lettered, the checkpoint was handled
        KafkaTestClient.send(Topics.CHECKPOINT_READY, MODEL, "not json: after v3");
        KafkaTestClient.read(Topics.deadLetter(Topics.CHECKPOINT_READY), r -> "not json: after v3".equals(r.value()), 1,
                Duration.ofSeconds(60));
        assertServed(1);
        predictWith("latest").body("version", equalTo(3)); // latest still follows the checkpoints
        predictWith("production").body("version", equalTo(1));
    }

    @Test
    @Order(5)
    void aForgedAnnouncementMovesNothing() {
        KafkaTestClient.send(Topics.MODEL_ALIASES, "production", """
                {"eventId": "forged-1", "alias": "production", "modelId": "%s", "version": 3, "action": "move",
                 "movedBy": "mallory", "movedAt": "2030-01-01T00:00:00Z"}""".formatted(MODEL));
        KafkaTestClient.send(Topics.MODEL_ALIASES, "production", "{\"eventId\": \"x\", \"alias\": \"prod\"}");
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.MODEL_ALIASES), r -> "production".equals(r.key()), 1,
                Duration.ofSeconds(60));
        assertTrue(KafkaTestClient.header(dead.get(0), "dead-letter-reason").contains("'production' or 'staging'"));
        assertServed(1); // the stored alias decides, not the record
    }

    @Test
    @Order(6)
    void aSecondMoveKeepsThePreviousTargetAndARollbackIsOneCall() {
        JsonPath moved = put(MODEL, "production", "{\"version\": 2}").statusCode(200).extract().jsonPath();
        assertEquals(1, moved.getInt("previous.version"));
        awaitServed(2);

        JsonPath rolledBack = given().contentType("application/json").body("{\"reason\": \"v2 misbehaves\"}")
                .when().post("/aliases/production/rollback").then().statusCode(200).extract().jsonPath();
        assertEquals(1, rolledBack.getInt("target.version"));
        assertEquals(2, rolledBack.getInt("previous.version"));
        List<String> actions = rolledBack.getList("history.action");
        assertEquals(List.of("move", "move", "rollback"), actions);
        assertEquals(2, rolledBack.getInt("history[2].from.version"));
        assertEquals(1, rolledBack.getInt("history[2].to.version"));
        assertEquals("v2 misbehaves", rolledBack.getString("history[2].reason"));
        awaitServed(1);

        given().when().get("/aliases").then().statusCode(200).body("alias", hasItem("production"));
        given().when().get("/aliases/production").then().statusCode(200).body("history.size()", equalTo(3));
    }

    @Test
    @Order(7)
    void stagingIsIndependentOfProduction() {
        put(MODEL, "staging", "{\"version\": 3}").statusCode(200);
        predictWith("staging").body("version", equalTo(3));
        assertServed(1);
    }

    private static io.restassured.response.ValidatableResponse put(String modelId, String alias, String body) {
        return given().contentType("application/json").body(body).when()
                .put("/models/{id}/aliases/{alias}", modelId, alias).then();
    }

    private static io.restassured.response.ValidatableResponse predictWith(String model) {
        return given().contentType("image/png").body(FACE).queryParam("faces", "none").queryParam("model", model)
                .when().post("/predict").then().statusCode(200).body("model", equalTo(MODEL));
    }

    private static void assertServed(int version) {
        given().contentType("image/png").body(FACE).when().post("/predict?faces=none").then().statusCode(200)
                .body("model", equalTo(MODEL)).body("version", equalTo(version));
    }

    private static void awaitServed(int version) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertServed(version));
    }
}
