package io.ferperturb.perturb.perturbation;

import io.ferperturb.core.data.FaceImage;
import io.ferperturb.core.perturbation.ClusterMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.evaluation.ClusterEvaluator;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means over the pixels' (x, y, attention) features: Euclidean distance, k-means++ initialisation,
 * the best of several seeded restarts by inertia (scikit-learn's {@code KMeans(init="k-means++",
 * n_init=restarts)} does the same). Each run is Apache Commons Math's {@link KMeansPlusPlusClusterer};
 * a run ends when no pixel changes cluster, or after {@code maxIterations}.
 *
 * <p>Restarts: Commons Math's {@link MultiKMeansPlusPlusClusterer} runs its trials one after another
 * from one shared random generator, so they cannot be spread over cores without changing the result.
 * Here restart {@code r} is instead one {@link KMeansPlusPlusClusterer} run with its own
 * {@link JDKRandomGenerator} seeded from (seed, r); the restarts run in parallel on the common fork-join
 * pool and the one with the lowest inertia wins, ties going to the lowest r — the same selection as a
 * {@code MultiKMeansPlusPlusClusterer} with an inertia evaluator, and the same result on any number of
 * cores. (One restart is plain Commons k-means++; measured 2× faster on 2 cores than the sequential
 * multi-clusterer, which mattered for the benchmark.)
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
        List<PixelPoint> points = new ArrayList<>(FaceImage.PIXELS);
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            points.add(new PixelPoint(p, features.point(p)));
        }
        Inertia<PixelPoint> inertia = new Inertia<>();
        List<List<CentroidCluster<PixelPoint>>> runs = IntStream.range(0, settings.restarts()).parallel()
                .mapToObj(r -> run(points, r))
                .toList();
        List<CentroidCluster<PixelPoint>> best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (List<CentroidCluster<PixelPoint>> run : runs) { // in restart order: ties go to the lowest r
            double score = inertia.score(run);
            if (score < bestScore) {
                best = run;
                bestScore = score;
            }
        }
        return toClustering(best, features);
    }

    /** Restart {@code r}: one Commons Math k-means++ run with its own seeded generator. */
    private List<CentroidCluster<PixelPoint>> run(List<PixelPoint> points, int r) {
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(restartSeed(settings.seed(), r));
        return new KMeansPlusPlusClusterer<PixelPoint>(settings.clusters(), settings.maxIterations(),
                new EuclideanDistance(), random).cluster(points);
    }

    /** Seed of restart {@code r}: the settings' seed and r mixed (SplitMix64), so restarts differ. */
    static long restartSeed(long seed, int r) {
        long z = seed + (r + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Clustering toClustering(List<CentroidCluster<PixelPoint>> clusters, PixelFeatures features) {
        int k = settings.clusters();
        if (clusters.size() != k || clusters.stream().anyMatch(c -> c.getPoints().isEmpty())) {
            throw new IllegalStateException("k-means ended with an empty cluster (k = " + k + "); try another seed");
        }
        List<CentroidCluster<PixelPoint>> ordered = order(clusters, SAME_ROW_PIXELS * features.pixelStep());
        int[] labels = new int[FaceImage.PIXELS];
        double[][] centroids = new double[k][];
        double inertia = 0;
        for (int c = 0; c < k; c++) {
            CentroidCluster<PixelPoint> cluster = ordered.get(c);
            double[] centre = cluster.getCenter().getPoint();
            centroids[c] = centre.clone();
            for (PixelPoint point : cluster.getPoints()) {
                labels[point.index] = c;
                inertia += squared(point.getPoint(), centre);
            }
        }
        return new Clustering(ClusterMap.of(k, labels), centroids, inertia);
    }

    /** Row groups top to bottom (by centroid y), left to right within a group (by centroid x). */
    static <T extends CentroidCluster<?>> List<T> order(List<T> clusters, double sameRow) {
        List<T> byRow = new ArrayList<>(clusters);
        byRow.sort(Comparator.comparingDouble((T c) -> c.getCenter().getPoint()[1])
                .thenComparingDouble(c -> c.getCenter().getPoint()[0]));
        List<T> ordered = new ArrayList<>(byRow.size());
        int start = 0;
        while (start < byRow.size()) {
            double rowY = byRow.get(start).getCenter().getPoint()[1];
            int end = start + 1;
            while (end < byRow.size() && byRow.get(end).getCenter().getPoint()[1] - rowY < sameRow) {
                end++;
            }
            List<T> group = new ArrayList<>(byRow.subList(start, end));
            group.sort(Comparator.comparingDouble((T c) -> c.getCenter().getPoint()[0])
                    .thenComparingDouble(c -> c.getCenter().getPoint()[1]));
            ordered.addAll(group);
            start = end;
        }
        return ordered;
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** A pixel's features that remembers which pixel it is. */
    static final class PixelPoint extends DoublePoint {
        private static final long serialVersionUID = 1L;
        final int index;

        PixelPoint(int index, double[] features) {
            super(features);
            this.index = index;
        }
    }

    /**
     * Scores a clustering by its inertia (sum of squared distances to the centroids), lower is better, as
     * scikit-learn picks its best restart. Commons Math's default evaluator sums per-cluster variances of
     * the distances, which can prefer a worse clustering.
     */
    static final class Inertia<T extends DoublePoint> extends ClusterEvaluator<T> {
        @Override
        public double score(List<? extends Cluster<T>> clusters) {
            double total = 0;
            for (Cluster<T> cluster : clusters) {
                if (cluster.getPoints().isEmpty()) {
                    continue;
                }
                double[] centre = cluster instanceof CentroidCluster<T> cc
                        ? cc.getCenter().getPoint() : centroidOf(cluster).getPoint();
                for (T point : cluster.getPoints()) {
                    total += squared(point.getPoint(), centre);
                }
            }
            return total;
        }
    }
}
