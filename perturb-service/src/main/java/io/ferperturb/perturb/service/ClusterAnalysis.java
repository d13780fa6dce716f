package io.ferperturb.perturb.service;

import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.perturb.perturbation.AttentionAggregator;
import io.ferperturb.perturb.perturbation.ClusterFigure;
import io.ferperturb.perturb.perturbation.ElbowAnalysis;
import io.ferperturb.perturb.perturbation.ElbowChart;
import io.ferperturb.perturb.perturbation.PixelClusterer;
import io.ferperturb.perturb.perturbation.PixelFeatures;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 2 of the method: from the aggregated attention to one cluster map per requested n, and the elbow
 * (inertia and silhouette for k = 1…8). Everything is stored with the source dataset:
 * {@code attention.json}, {@code clusters.json|png} (the experiment's n), {@code clusters-k{n}.json|png}
 * (every n of a sweep) and {@code elbow.json|png}.
 */
@ApplicationScoped
public class ClusterAnalysis {
    public static final String ATTENTION = "attention.json";
    public static final String ELBOW_JSON = "elbow.json";
    public static final String ELBOW_PNG = "elbow.png";

    private final ObjectStore store;
    private final StorageLayout layout;

    ClusterAnalysis(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The attention as stored: the mean map and the clustering feature. */
    public record StoredAttention(String source, String modelId, long images, int kept, float[] mean, float[] scaled) {
    }

    /**
     * Clusters the pixels for every n and stores the maps and figures.
     *
     * @param chosen  the n whose map becomes the dataset's {@code clusters.json}
     * @param example a face drawn in the figures with each cluster removed
     * @return n → cluster map
     */
    public Map<Integer, ClusterMap> cluster(String datasetId, StoredAttention attention, List<Integer> counts, int chosen,
            double alpha, double beta, long seed, byte[] example) {
        S3Uri prefix = layout.dataset(datasetId);
        store.putJson(prefix.resolve(ATTENTION), attention);
        PixelFeatures features = PixelFeatures.of(attention.scaled(), beta);
        PixelClusterer.Settings defaults = PixelClusterer.Settings.DEFAULT;
        Map<Integer, ClusterMap> maps = new LinkedHashMap<>();
        for (int n : counts) {
            PixelClusterer.Settings settings = new PixelClusterer.Settings(n, defaults.restarts(), defaults.maxIterations(), seed);
            PixelClusterer.Clustering clustering = new PixelClusterer(settings).cluster(features);
            ClusterMap map = clustering.map();
            maps.put(n, map);
            String caption = String.format("n = %d, α = %.2f, β = %.2f, attention from %s (%s, %d images)", n,
                    alpha, beta, attention.modelId(), attention.source(), attention.images());
            byte[] png = ClusterFigure.png(map, example, attention.scaled(), caption);
            store.put(prefix.resolve("clusters-k" + n + ".json"), map.toJson(), "application/json");
            store.put(prefix.resolve("clusters-k" + n + ".png"), png, "image/png");
            if (n == chosen) {
                store.put(prefix.resolve(DerivedDatasets.CLUSTER_MAP), map.toJson(), "application/json");
                store.put(prefix.resolve(DerivedDatasets.CLUSTER_FIGURE), png, "image/png");
            }
            Log.infof("dataset %s: %d clusters, sizes %s, inertia %.3f", datasetId, n,
                    java.util.Arrays.toString(map.sizes()), clustering.inertia());
        }
        ElbowAnalysis.Curve elbow = ElbowAnalysis.run(features, new PixelClusterer.Settings(chosen, defaults.restarts(),
                defaults.maxIterations(), seed));
        store.put(prefix.resolve(ELBOW_JSON), elbow.toJson(), "application/json");
        store.put(prefix.resolve(ELBOW_PNG), ElbowChart.png(elbow, chosen), "image/png");
        return maps;
    }

    public static StoredAttention describe(String source, String modelId, AttentionAggregator.Attention a) {
        return new StoredAttention(source, modelId, a.images(), a.kept(), a.mean(), a.scaled());
    }
}
