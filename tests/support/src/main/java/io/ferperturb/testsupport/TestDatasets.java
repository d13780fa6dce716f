package io.ferperturb.testsupport;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;

/** Synthetic datasets stored in S3 as the perturb-service stores an upload (shards, the manifest last). */
public final class TestDatasets {
    private TestDatasets() {
    }

    /** {@code perClass} synthetic faces of each emotion (the generator seeded with {@code seed}) as {@code datasetId}. */
    public static DatasetManifest store(ObjectStore store, String datasetId, int perClass, long seed) {
        S3Uri prefix = S3Uri.of("datasets", datasetId + "/");
        try (ShardWriter writer = new ShardWriter((name, content) -> store.put(prefix.resolve(name), content,
                "application/octet-stream"))) {
            new SyntheticFaceGenerator(seed).dataset(perClass, Imbalance.NONE).forEach(writer::write);
            return writer.finish(datasetId);
        }
    }
}
