package io.ferperturb.perturb.service;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.storage.S3ShardSink;
import io.ferperturb.domain.data.ShardReader;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.perturb.config.PerturbConfig;
import io.ferperturb.perturb.perturbation.ClusterFigure;
import io.ferperturb.perturb.perturbation.OccludedMaskPainter;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Writes the datasets an experiment derives from a stored one, straight to S3 as shards (a few uploads in
 * flight), the manifest last so that a half-written dataset is never visible:
 * <ul>
 *   <li>{@code {id}-perturbed-k{n}}: every Training image as its n cluster-masked copies (plus the
 *       original), adjacent and in one shard, the manifest's {@code groupSize} saying how many; PublicTest and
 *       PrivateTest clean; {@code clusters.json|png} next to the shards;</li>
 *   <li>{@code {id}-occluded}: PublicTest and PrivateTest with a synthetic N95-like mask drawn on each face.</li>
 * </ul>
 * Both are idempotent: a complete dataset (manifest present) is reused as it is.
 */
@ApplicationScoped
public class DerivedDatasets {
    public static final String CLUSTER_MAP = "clusters.json";
    public static final String CLUSTER_FIGURE = "clusters.png";
    private static final int UPLOADS = 4;

    private final ObjectStore store;
    private final StorageLayout layout;
    private final PerturbConfig config;

    DerivedDatasets(ObjectStore store, StorageLayout layout, PerturbConfig config) {
        this.store = store;
        this.layout = layout;
        this.config = config;
    }

    public static String perturbedId(String datasetId, int clusters) {
        return datasetId + "-perturbed-k" + clusters;
    }

    public static String occludedId(String datasetId) {
        return datasetId + "-occluded";
    }

    /** The perturbed dataset for one cluster map. */
    public DatasetManifest perturbed(String datasetId, ClusterMap map, Fill fill, boolean keepOriginal) {
        String id = perturbedId(datasetId, map.k());
        S3Uri prefix = layout.dataset(id);
        ShardReader source = reader(datasetId);
        long t0 = System.nanoTime();
        store.deletePrefix(prefix); // a crash may have left part of an earlier attempt
        SplitData train = source.readSplit(Split.TRAINING);
        RegionMasker masker = new RegionMasker(map);
        SplitData masked = masker.maskAll(train, fill, keepOriginal);
        DatasetManifest manifest;
        try (S3ShardSink sink = new S3ShardSink(store, prefix, UPLOADS);
                ShardWriter writer = new ShardWriter(sink, config.recordsPerShard())) {
            // an image's copies stay one group, so the trainer can put them all in the same batch
            writer.groupTraining(masker.copiesPerImage(keepOriginal));
            writer.write(masked);
            writer.write(source.readSplit(Split.PUBLIC_TEST));
            writer.write(source.readSplit(Split.PRIVATE_TEST));
            sink.put(CLUSTER_MAP, map.toJson());
            byte[] example = train.size() == 0 ? new byte[FaceImage.PIXELS]
                    : Arrays.copyOfRange(train.pixels(), 0, FaceImage.PIXELS);
            sink.put(CLUSTER_FIGURE, ClusterFigure.png(map, example, null, id));
            manifest = writer.finish(id, "perturbed", datasetId);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + prefix + " failed", e);
        }
        Log.infof("perturbed dataset %s: %d Training images → %d (n = %d, fill %s, originals %s) in %.1f s", id,
                train.size(), masked.size(), map.k(), fill.wireName(), keepOriginal, (System.nanoTime() - t0) / 1e9);
        return manifest;
    }

    /** The occluded test set of a dataset; reused when it exists. */
    public String occluded(String datasetId, long seed) {
        String id = occludedId(datasetId);
        S3Uri prefix = layout.dataset(id);
        if (store.exists(layout.datasetManifest(id))) {
            return id;
        }
        ShardReader source = reader(datasetId);
        store.deletePrefix(prefix);
        OccludedMaskPainter painter = new OccludedMaskPainter(seed);
        try (S3ShardSink sink = new S3ShardSink(store, prefix, UPLOADS);
                ShardWriter writer = new ShardWriter(sink, config.recordsPerShard())) {
            writer.write(painter.paintAll(source.readSplit(Split.PUBLIC_TEST)));
            writer.write(painter.paintAll(source.readSplit(Split.PRIVATE_TEST)));
            DatasetManifest manifest = writer.finish(id, "occluded", datasetId);
            Log.infof("occluded test set %s: %d images", id, manifest.datasetCounts().total());
        }
        return id;
    }

    public ShardReader reader(String datasetId) {
        S3Uri prefix = layout.dataset(datasetId);
        return ShardReader.open(name -> store.open(prefix.resolve(name)));
    }
}
