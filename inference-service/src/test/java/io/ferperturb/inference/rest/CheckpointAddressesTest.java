package io.ferperturb.inference.rest;

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

/** A checkpoint announced outside the models bucket is never loaded: the event goes to the dead-letter topic. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class CheckpointAddressesTest {

    @Test
    void aCheckpointOutsideTheModelsBucketIsDeadLetteredWithTheReason() {
        KafkaTestClient.send(Topics.CHECKPOINT_READY, "forged-model", """
                {"eventId": "evt-forged", "modelId": "forged-model", "version": 1, "jobId": "j", "architecture": "cnn",
                 "datasetId": "d", "uri": "s3://elsewhere/forged-model/v1/", "format": "djl",
                 "classes": ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"],
                 "inputShape": [1, 48, 48], "epoch": 1, "final": true, "createdAt": "3000-01-01T00:00:00Z"}""");
        var dead = KafkaTestClient.read(Topics.deadLetter(Topics.CHECKPOINT_READY), r -> "forged-model".equals(r.key()),
                1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = KafkaTestClient.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.contains("outside bucket 'models'"), reason);
    }
}
