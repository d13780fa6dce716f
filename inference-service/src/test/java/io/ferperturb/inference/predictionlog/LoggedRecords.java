package io.ferperturb.inference.predictionlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.PredictionLogged;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.testsupport.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The {@code predictions} topic as a user's tools read it. */
final class LoggedRecords {
    private LoggedRecords() {
    }

    /** The {@code count} records logged under {@code requestId} (fewer if they do not come within a minute). */
    static List<PredictionLogged> of(String requestId, int count) {
        return KafkaTestClient.read(Topics.PREDICTIONS, r -> requestId.equals(r.key()), count, Duration.ofMinutes(1))
                .stream().map(r -> Json.read(r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        PredictionLogged.class)).toList();
    }

    /**
     * Asserts that none of {@code requestIds} is on the topic: a marker record is sent after the requests were
     * answered (the one partition keeps order), and the topic is read up to it. The server decides whether to log
     * before it answers, so nothing of these requests can come later.
     */
    static void assertNoneOf(Set<String> requestIds) {
        String marker = "marker-" + UUID.randomUUID();
        KafkaTestClient.send(Topics.PREDICTIONS, marker, "{}");
        List<ConsumerRecord<String, String>> seen = KafkaTestClient.read(Topics.PREDICTIONS,
                r -> marker.equals(r.key()) || requestIds.contains(r.key()), 1, Duration.ofMinutes(1));
        assertEquals(1, seen.size(), "the marker record was read back");
        assertEquals(marker, seen.get(0).key(), "no record of " + requestIds + " before the marker");
    }

    /** The value of {@code fer_inference_prediction_log_total{outcome=…}} in {@code /q/metrics}. */
    static double counter(String outcome) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("fer_inference_prediction_log_total{")
                        && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
