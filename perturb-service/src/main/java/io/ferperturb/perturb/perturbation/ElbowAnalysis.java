package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.perturbation.ClusterMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The elbow for choosing n (method notes, "Choosing n"): the k-means inertia, and the mean silhouette,
 * of the pixel clustering for k = 1 … 8, each k clustered with the same settings (restarts, seed) as the
 * real map. Inertia falls as k grows; the elbow is where it stops falling fast. The silhouette of one
 * cluster is undefined, so k = 1 has none (null in JSON).
 *
 * <p>Silhouette: for each pixel, a = mean distance to the other pixels of its cluster, b = the smallest
 * mean distance to the pixels of another cluster, s = (b − a) / max(a, b) (0 for a pixel alone in its
 * cluster); the score is the mean of s over all pixels (scikit-learn's {@code silhouette_score}, exact,
 * not sampled). It costs 2.6 M distances per k on 2,304 pixels.
 */
public final class ElbowAnalysis {
    public static final int DEFAULT_MAX_K = 8;

    /**
     * @param k          clusters
     * @param inertia    sum of squared distances to the centroids
     * @param silhouette mean silhouette; null for k = 1
     */
    public record Point(int k, double inertia, Double silhouette) {
    }

    /** The curve, k ascending; stored as {@code elbow.json}. */
    public record Curve(List<Point> points) {
        public Curve {
            points = List.copyOf(points);
        }

        public byte[] toJson() {
            return Json.writeBytes(this);
        }

        public static Curve fromJson(byte[] json) {
            return Json.read(json, Curve.class);
        }
    }

    private ElbowAnalysis() {
    }

    /** k = 1 … 8 with {@code settings}' restarts, iterations and seed. */
    public static Curve run(PixelFeatures features, PixelClusterer.Settings settings) {
        return run(features, settings, DEFAULT_MAX_K);
    }

    public static Curve run(PixelFeatures features, PixelClusterer.Settings settings, int maxK) {
        Objects.requireNonNull(features, "features");
        if (maxK < 1 || maxK > ClusterMap.MAX_CLUSTERS) {
            throw new IllegalArgumentException("maxK must be 1–" + ClusterMap.MAX_CLUSTERS + ", got " + maxK);
        }
        List<Point> points = new ArrayList<>(maxK);
        for (int k = 1; k <= maxK; k++) {
            PixelClusterer.Clustering clustering = new PixelClusterer(settings.withClusters(k)).cluster(features);
            Double silhouette = k == 1 ? null : silhouette(features, clustering.map());
            points.add(new Point(k, clustering.inertia(), silhouette));
        }
        return new Curve(points);
    }

    /** Mean silhouette of a labelling of the pixels (needs k ≥ 2). */
    public static double silhouette(PixelFeatures features, ClusterMap map) {
        int k = map.k();
        if (k < 2) {
            throw new IllegalArgumentException("the silhouette needs at least two clusters");
        }
        int n = FaceImage.PIXELS;
        int[] label = new int[n];
        for (int p = 0; p < n; p++) {
            label[p] = map.label(p);
        }
        int[] size = map.sizes();
        double[] sums = new double[n * k]; // sums[p * k + c]: total distance from p to cluster c
        for (int p = 0; p < n; p++) {
            int lp = label[p];
            for (int q = p + 1; q < n; q++) {
                double d = Math.sqrt(features.squaredDistance(p, q));
                sums[p * k + label[q]] += d;
                sums[q * k + lp] += d;
            }
        }
        double total = 0;
        for (int p = 0; p < n; p++) {
            int own = label[p];
            if (size[own] < 2) {
                continue; // s = 0
            }
            double a = sums[p * k + own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own) {
                    b = Math.min(b, sums[p * k + c] / size[c]);
                }
            }
            double m = Math.max(a, b);
            total += m > 0 ? (b - a) / m : 0;
        }
        return total / n;
    }
}
