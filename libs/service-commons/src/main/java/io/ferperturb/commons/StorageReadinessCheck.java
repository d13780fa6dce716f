package io.ferperturb.commons;

import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers and holds the buckets this system uses. */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {
    private final ObjectStore store;
    private final StorageLayout layout;

    StorageReadinessCheck(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("object-store");
        try {
            List<String> missing = List.of(layout.datasetsBucket(), layout.modelsBucket(), layout.experimentsBucket())
                    .stream().filter(b -> !store.bucketExists(b)).toList();
            return missing.isEmpty() ? response.up().build()
                    : response.down().withData("missingBuckets", String.join(",", missing)).build();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
