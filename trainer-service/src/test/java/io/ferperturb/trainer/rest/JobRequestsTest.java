package io.ferperturb.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.event.Topics;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What one request may ask of the trainer ({@code fer.trainer.limits.*}) and what it must look like: over a cap,
 * {@code POST /jobs} answers 400 and an event goes to the dead-letter topic, each naming the setting; null entries
 * and odd job ids are client errors with a sentence.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class JobRequestsTest {
    private static final String EVENT = """
            {"eventId": "EVENT", "datasetId": "limits-ds", "uri": "s3://datasets/limits-ds/", "format": "emotion-shards",
             "training": TRAINING}""";

    @Test
    void aJobOverTheEpochBatchOrJobCapsIsRefusedNamingTheSetting() {
        submit(event("evt-limit-epochs", "[{\"architecture\": \"cnn\", \"epochs\": 2001}]")).then().statusCode(400)
                .body("code", equalTo("limit-exceeded")).body("error", containsString("fer.trainer.limits.max-epochs"))
                .body("error", containsString("2001"));
        submit(event("evt-limit-batch", "[{\"batchSize\": 1025}]")).then().statusCode(400)
                .body("code", equalTo("limit-exceeded")).body("error", containsString("fer.trainer.limits.max-batch-size"));
        String tooMany = "[" + "{},".repeat(256) + "{}]";
        submit(event("evt-limit-jobs", tooMany)).then().statusCode(400)
                .body("code", equalTo("limit-exceeded")).body("error", containsString("fer.trainer.limits.max-jobs"));
    }

    @Test
    void anEventOverACapGoesToTheDeadLetterTopicWithTheReason() {
        KafkaTestClient.send(Topics.DATASET_READY, "limits-dlq", event("evt-limit-dlq",
                "[{\"architecture\": \"cnn\", \"epochs\": 100000}]").replace("limits-ds", "limits-dlq"));
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.DATASET_READY), r -> "limits-dlq".equals(r.key()), 1,
                Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = KafkaTestClient.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.contains("fer.trainer.limits.max-epochs") && reason.contains("100000"), reason);
    }

    @Test
    void nullEntriesAndWrongTypesAreRefusedWithAReason() {
        submit(event("evt-null-entry", "[null]")).then().statusCode(400)
                .body("error", containsString("training entry 0 is null"));
        submit(event("evt-null-eval", "[{\"evaluateOn\": [null]}]")).then().statusCode(400)
                .body("error", containsString("evaluateOn lists dataset ids"));
        submit(event("evt-wrong-type", "[{\"epochs\": \"many\"}]")).then().statusCode(400)
                .body("code", equalTo("invalid-event"));
        submit("null").then().statusCode(400).body("code", equalTo("invalid-event"));
    }

    @Test
    void oddAndOverlongJobIdsAreNotFound() {
        for (String id : new String[] {"x".repeat(2000), "..x", "a b", "é", "-x", "a;b", "%00"}) {
            given().pathParam("id", id).get("/jobs/{id}").then().statusCode(404).body("code", equalTo("not-found"))
                    .body("error", containsString("no job with id"));
            given().pathParam("id", id).get("/jobs/{id}/events").then().statusCode(404);
        }
    }

    private static String event(String eventId, String training) {
        return EVENT.replace("EVENT", eventId).replace("TRAINING", training);
    }

    private static io.restassured.response.Response submit(String body) {
        return given().contentType("application/json").body(body).post("/jobs");
    }
}
