package io.ferperturb.commons;

import io.ferperturb.models.CheckpointStore;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the core's plain storage classes injectable in every service (singletons: records cannot be proxied). */
@ApplicationScoped
public class StorageProducer {

    @Produces
    @Singleton
    ObjectStore objectStore(StorageConfig config) {
        return new ObjectStore(config);
    }

    @Produces
    @Singleton
    StorageLayout layout(StorageConfig config) {
        return StorageLayout.of(config);
    }

    @Produces
    @Singleton
    CheckpointStore checkpoints(ObjectStore store) {
        return new CheckpointStore(store);
    }
}
