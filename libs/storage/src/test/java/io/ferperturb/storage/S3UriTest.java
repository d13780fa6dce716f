package io.ferperturb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class S3UriTest {

    @Test
    void parsesResolvesAndPrintsAddresses() {
        S3Uri uri = S3Uri.parse("s3://datasets/fer2013");
        assertEquals("datasets", uri.bucket());
        assertEquals("s3://datasets/fer2013/manifest.json", uri.resolve("manifest.json").toString());
        assertEquals("", S3Uri.parse("s3://models").key());
        assertEquals("s3://models/m/v3/", new StorageLayout("datasets", "models", "experiments").modelVersion("m", 3).toString());
        assertThrows(IllegalArgumentException.class, () -> S3Uri.parse("http://x/y"));
        assertThrows(IllegalArgumentException.class, () -> S3Uri.parse("s3:///key"));
    }
}
