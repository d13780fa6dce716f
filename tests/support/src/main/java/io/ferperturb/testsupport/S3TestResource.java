package io.ferperturb.testsupport;

import io.ferperturb.storage.StorageEndpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest} at the real test S3 server ({@link TestServers#s3()}). */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        StorageEndpoint s = TestServers.s3().settings();
        return Map.of("fer.storage.endpoint", s.endpoint(),
                "fer.storage.access-key", s.accessKey(),
                "fer.storage.secret-key", s.secretKey());
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; stopped by a shutdown hook
    }
}
