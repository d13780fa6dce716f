package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.perturbation.ClusterMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means over the pixels' (x, y, attention) features: Euclidean distance, k-means++ initialisation,
 * the best of several seeded restarts by inertia (scikit-learn's {@code KMeans(init="k-means++",
 * n_init=restarts)} does the same). Each run is one {@link LloydKMeans}.
 *
 * <p>Restart {@code r} draws from its own generator seeded from (seed, r), so the restarts run in
 * parallel on the common fork-join pool and the one with the lowest inertia wins, ties going to the
 * lowest r: the same result on any number of cores.
 *
 * <p>Label order is fixed so that label ids are stable between runs and seeds: clusters are sorted by
 * centroid row; clusters whose centroid rows lie within {@value #SAME_ROW_PIXELS} pixels of the first
 * of their group count as one row and are ordered left to right. With the method's three clusters this
 * gives 0 = left eye region, 1 = right eye region (image left and right), 2 = nose and mouth.
 *
 * <p>The same settings and seed give the same map on every run.
 */
public final class PixelClusterer {
    /** Centroid rows closer than this many pixels are treated as one row when ordering labels. */
    static final double SAME_ROW_PIXELS = 4;

    /**
     * @param clusters      k (method: n = 3)
     * @param restarts      k-means++ runs; the one with the lowest inertia wins
     * @param maxIterations per run
     * @param seed          seeds the k-means++ draws of all runs
     */
    public record Settings(int clusters, int restarts, int maxIterations, long seed) {
        public static final Settings DEFAULT = new Settings(3, 10, 300, 42);

        public Settings {
            if (clusters < 1 || clusters > ClusterMap.MAX_CLUSTERS) {
                throw new IllegalArgumentException("clusters must be 1–" + ClusterMap.MAX_CLUSTERS + ", got " + clusters);
            }
            if (restarts < 1 || maxIterations < 1) {
                throw new IllegalArgumentException("restarts and maxIterations must be at least 1");
            }
        }

        public Settings withClusters(int k) {
            return new Settings(k, restarts, maxIterations, seed);
        }
    }

    /**
     * @param map       the labels, ordered as described above
     * @param centroids per label, {x, y, attention} in feature units
     * @param inertia   sum of squared distances of pixels to their centroid
     */
    public record Clustering(ClusterMap map, double[][] centroids, double inertia) {
    }

    private final Settings settings;

    public PixelClusterer(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public PixelClusterer() {
        this(Settings.DEFAULT);
    }

    public Settings settings() {
        return settings;
    }

    public Clustering cluster(PixelFeatures features) {
        LloydKMeans kMeans = new LloydKMeans(features.values(), PixelFeatures.DIMENSIONS, settings.clusters());
        List<LloydKMeans.Run> runs = IntStream.range(0, settings.restarts()).parallel()
                .mapToObj(r -> kMeans.run(settings.maxIterations(), new SplittableRandom(restartSeed(settings.seed(), r))))
                .toList();
        LloydKMeans.Run best = runs.get(0);
        for (LloydKMeans.Run run : runs) { // in restart order: ties go to the lowest r
            if (run.inertia() < best.inertia()) {
                best = run;
            }
        }
        return toClustering(best, features);
    }

    /** Seed of restart {@code r}: the settings' seed and r mixed (SplitMix64), so restarts differ. */
    static long restartSeed(long seed, int r) {
        long z = seed + (r + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Clustering toClustering(LloydKMeans.Run run, PixelFeatures features) {
        int k = settings.clusters();
        int dims = PixelFeatures.DIMENSIONS;
        double[][] centres = new double[k][];
        for (int c = 0; c < k; c++) {
            centres[c] = Arrays.copyOfRange(run.centroids(), c * dims, (c + 1) * dims);
        }
        int[] order = order(centres, SAME_ROW_PIXELS * features.pixelStep());
        int[] rank = new int[k]; // rank[old label] = new label
        double[][] centroids = new double[k][];
        for (int position = 0; position < k; position++) {
            rank[order[position]] = position;
            centroids[position] = centres[order[position]];
        }
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = rank[run.labels()[p]];
        }
        return new Clustering(ClusterMap.of(k, labels), centroids, run.inertia());
    }

    /**
     * The clusters' order as old labels by new position: row groups top to bottom (by centroid y), left
     * to right within a group (by centroid x).
     */
    static int[] order(double[][] centroids, double sameRow) {
        Integer[] byRow = IntStream.range(0, centroids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(byRow, Comparator.comparingDouble((Integer c) -> centroids[c][1])
                .thenComparingDouble(c -> centroids[c][0]));
        int[] ordered = new int[byRow.length];
        int start = 0;
        while (start < byRow.length) {
            double rowY = centroids[byRow[start]][1];
            int end = start + 1;
            while (end < byRow.length && centroids[byRow[end]][1] - rowY < sameRow) {
                end++;
            }
            Integer[] group = Arrays.copyOfRange(byRow, start, end);
            Arrays.sort(group, Comparator.comparingDouble((Integer c) -> centroids[c][0])
                    .thenComparingDouble(c -> centroids[c][1]));
            for (int i = 0; i < group.length; i++) {
                ordered[start + i] = group[i];
            }
            start = end;
        }
        return ordered;
    }
}
