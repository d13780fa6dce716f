package io.ferperturb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.event.InvalidEventException;
import org.junit.jupiter.api.Test;

class EventUrisTest {
    @Test
    void anAddressInTheConfiguredBucketIsTakenAndAnyOtherIsRefusedWithTheReason() {
        assertEquals(S3Uri.of("models", "cnn-d/v1/"), EventUris.inBucket("s3://models/cnn-d/v1/", "models", "uri"));
        InvalidEventException elsewhere = assertThrows(InvalidEventException.class,
                () -> EventUris.inBucket("s3://attacker/cnn-d/v1/", "models", "uri"));
        assertTrue(elsewhere.getMessage().contains("outside bucket 'models'"), elsewhere.getMessage());
        assertThrows(InvalidEventException.class, () -> EventUris.inBucket("s3://modelsx/a/", "models", "uri"));
        InvalidEventException notS3 = assertThrows(InvalidEventException.class,
                () -> EventUris.inBucket("http://models/cnn-d/v1/", "models", "uri"));
        assertTrue(notS3.getMessage().startsWith("uri: not an s3:// address"), notS3.getMessage());
        assertThrows(InvalidEventException.class, () -> EventUris.inBucket(null, "models", "uri"));
    }
}
