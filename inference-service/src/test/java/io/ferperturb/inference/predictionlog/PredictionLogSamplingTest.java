package io.ferperturb.inference.predictionlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.inference.TestCheckpoints;
import io.ferperturb.inference.TestImages;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The log on with a sampling rate of 0: requests are answered, counted as not drawn, and nothing is published. */
@QuarkusTest
@TestProfile(PredictionLogProfiles.NothingDrawn.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class PredictionLogSamplingTest {

    @Test
    void aSamplingRateOfZeroLogsNothing() throws Exception {
        TestCheckpoints.store("cnn-sampled-out", 1, -1, false);
        double before = LoggedRecords.counter("not-sampled");
        for (int i = 0; i < 3; i++) {
            given().contentType("image/png").header("X-Request-Id", "sampled-out-" + i)
                    .body(TestImages.facePng(new SyntheticFaceGenerator(i).draw(Emotion.ANGRY, i)))
                    .when().post("/predict?model=cnn-sampled-out").then().statusCode(200);
        }
        assertEquals(before + 3, LoggedRecords.counter("not-sampled"));
        assertEquals(0, LoggedRecords.counter("published"));
        LoggedRecords.assertNoneOf(Set.of("sampled-out-0", "sampled-out-1", "sampled-out-2"));
    }
}
