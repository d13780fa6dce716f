package io.ferperturb.inference.predictionlog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The default configuration (the log off), in the application {@code PredictResourceTest} starts: answers carry a
 * request id, and nothing is published.
 */
@QuarkusTest
@Order(4)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class PredictionLogOffTest {

    @Test
    void aDisabledLogPublishesNothing() throws Exception {
        TestCheckpoints.store("cnn-unlogged", 1, -1, false);
        for (int i = 0; i < 2; i++) {
            given().contentType("image/png").header("X-Request-Id", "unlogged-" + i)
                    .body(TestImages.facePng(new SyntheticFaceGenerator(i).draw(Emotion.FEAR, i)))
                    .when().post("/predict?model=cnn-unlogged").then().statusCode(200)
                    .header("X-Request-Id", "unlogged-" + i);
        }
        assertEquals(0, LoggedRecords.counter("published"));
        assertEquals(0, LoggedRecords.counter("not-sampled"));
        LoggedRecords.assertNoneOf(Set.of("unlogged-0", "unlogged-1"));
        given().when().get("/predictions/recent").then().statusCode(200).body("logEnabled", equalTo(false));
    }
}
