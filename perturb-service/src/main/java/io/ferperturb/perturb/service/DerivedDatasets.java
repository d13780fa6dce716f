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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the datasets an experiment derives from a stored one, straight to S3 as shards (a few uploads in
 * flight), the manifest last so that a half-written dataset is never visible:
 * <ul>
 *   <li>{@code {id}-perturbed-k{n}-{digest}}: every Training image as its n cluster-masked copies (plus the
 *       original), adjacent and in one shard, the manifest's {@code groupSize} saying how many; PublicTest and
 *       PrivateTest clean; {@code clusters.json|png} next to the shards;</li>
 *   <li>{@code {id}-occluded-{digest}}: PublicTest and PrivateTest with a synthetic N95-like mask drawn on each
 *       face.</li>
 * </ul>
 * The digest is of everything a derived dataset is made from (the source's content digest, the cluster map, the
 * fill, whether originals are kept; the occlusion's seed), so an id names one content: two experiments never
 * rewrite a dataset under each other's jobs, and a replaced source gets new derived datasets. A complete derived
 * dataset (manifest present) is reused as it is.
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

    /** The id of the perturbed dataset of {@code source} with this cluster map, fill and originals kept or not. */
    public static String perturbedId(DatasetManifest source, ClusterMap map, Fill fill, boolean keepOriginal) {
        return DerivedIds.of(source, "perturbed-k" + map.k(), new String(map.toJson(), StandardCharsets.UTF_8),
                fill.wireName(), Boolean.toString(keepOriginal));
    }

    /** The id of the occluded test set of {@code source} painted with this seed. */
    public static String occludedId(DatasetManifest source, long seed) {
        return DerivedIds.of(source, "occluded", Long.toString(seed));
    }

    /** The perturbed dataset for one cluster map; a complete one made from the same inputs is reused. */
    public DatasetManifest perturbed(String datasetId, ClusterMap map, Fill fill, boolean keepOriginal) {
        ShardReader source = reader(datasetId);
        String id = perturbedId(source.manifest(), map, fill, keepOriginal);
        S3Uri prefix = layout.dataset(id);
        if (store.exists(layout.datasetManifest(id))) {
            Log.infof("perturbed dataset %s exists (same source, cluster map, fill): reusing it", id);
            return DatasetManifest.fromJson(store.get(layout.datasetManifest(id)));
        }
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

    /** The occluded test set of a dataset; a complete one of the same source and seed is reused. */
    public String occluded(String datasetId, long seed) {
        ShardReader source = reader(datasetId);
        String id = occludedId(source.manifest(), seed);
        S3Uri prefix = layout.dataset(id);
        if (store.exists(layout.datasetManifest(id))) {
            return id;
        }
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
