package io.ferperturb.perturb.perturbation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One k-means run: k-means++ seeding (Arthur and Vassilvitskii: each next centre drawn with probability
 * proportional to the squared distance to the nearest centre so far), then Lloyd's iterations until no
 * point changes cluster or {@code maxIterations} is reached. A cluster left empty takes the point
 * farthest from its centroid, as scikit-learn relocates empty clusters.
 *
 * <p>Why not a library: the clustering is 2,304 points of 3 features, run 10 times per map and 8 times
 * more for the elbow. Apache Commons Math (used before) holds every point as an object in lists and
 * re-allocates its clusters each iteration; that bookkeeping, not the arithmetic, dominated its time
 * (figures: tools/bench/RESULTS.md). The points stay in one row-major
 * array and every loop runs over primitives.
 */
final class LloydKMeans {
    /**
     * @param labels    cluster of each point
     * @param centroids k rows of d features, row-major
     * @param inertia   sum of squared distances of the points to their centroid
     */
    record Run(int[] labels, double[] centroids, double inertia) {
    }

    private final double[] points;
    private final int n;
    private final int d;
    private final int k;

    /** @param points n rows of d features, row-major (not copied, not changed) */
    LloydKMeans(double[] points, int d, int k) {
        if (d < 1 || points.length % d != 0) {
            throw new IllegalArgumentException("points must hold whole rows of " + d + " features");
        }
        this.points = points;
        this.d = d;
        this.n = points.length / d;
        this.k = k;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be 1–" + n + ", got " + k);
        }
    }

    Run run(int maxIterations, SplittableRandom random) {
        double[] centroids = seed(random);
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        double[] distance = new double[n];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            if (!assign(centroids, labels, distance)) {
                break;
            }
            update(centroids, labels, distance);
        }
        // labels and centroids agree here: either no label changed, or the last update made the
        // centroids the means of the labels (keeping relocated points where they were put)
        double inertia = 0;
        for (int p = 0; p < n; p++) {
            inertia += squared(p, centroids, labels[p]);
        }
        return new Run(labels, centroids, inertia);
    }

    /** k-means++: the first centre uniformly, each next one with probability ∝ squared distance. */
    private double[] seed(SplittableRandom random) {
        double[] centroids = new double[k * d];
        int first = random.nextInt(n);
        System.arraycopy(points, first * d, centroids, 0, d);
        double[] nearest = new double[n];
        double total = 0;
        for (int p = 0; p < n; p++) {
            nearest[p] = squared(p, centroids, 0);
            total += nearest[p];
        }
        for (int c = 1; c < k; c++) {
            int chosen = n - 1;
            double target = random.nextDouble() * total;
            double cumulative = 0;
            for (int p = 0; p < n; p++) {
                cumulative += nearest[p];
                if (cumulative > target) {
                    chosen = p;
                    break;
                }
            }
            System.arraycopy(points, chosen * d, centroids, c * d, d);
            total = 0;
            for (int p = 0; p < n; p++) {
                nearest[p] = Math.min(nearest[p], squared(p, centroids, c));
                total += nearest[p];
            }
        }
        return centroids;
    }

    /** Each point to its nearest centroid (ties to the lower label); returns whether any label changed. */
    private boolean assign(double[] centroids, int[] labels, double[] distance) {
        boolean changed = false;
        for (int p = 0; p < n; p++) {
            int best = 0;
            double bestDistance = squared(p, centroids, 0);
            for (int c = 1; c < k; c++) {
                double dist = squared(p, centroids, c);
                if (dist < bestDistance) {
                    best = c;
                    bestDistance = dist;
                }
            }
            distance[p] = bestDistance;
            if (labels[p] != best) {
                labels[p] = best;
                changed = true;
            }
        }
        return changed;
    }

    /** Centroids to the means of their points; an empty cluster takes the farthest point. */
    private void update(double[] centroids, int[] labels, double[] distance) {
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int p = 0; p < n; p++) {
            int c = labels[p];
            counts[c]++;
            for (int f = 0; f < d; f++) {
                sums[c * d + f] += points[p * d + f];
            }
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                int far = farthest(labels, counts, distance);
                counts[labels[far]]--;
                for (int f = 0; f < d; f++) {
                    sums[labels[far] * d + f] -= points[far * d + f];
                    sums[c * d + f] = points[far * d + f];
                }
                labels[far] = c;
                distance[far] = 0;
                counts[c] = 1;
            }
        }
        for (int c = 0; c < k; c++) {
            for (int f = 0; f < d; f++) {
                centroids[c * d + f] = sums[c * d + f] / counts[c];
            }
        }
    }

    /** The point farthest from its centroid among clusters that can spare one. */
    private int farthest(int[] labels, int[] counts, double[] distance) {
        int far = -1;
        for (int p = 0; p < n; p++) {
            if (counts[labels[p]] > 1 && (far < 0 || distance[p] > distance[far])) {
                far = p;
            }
        }
        return far;
    }

    private double squared(int p, double[] centroids, int c) {
        double s = 0;
        for (int f = 0; f < d; f++) {
            double diff = points[p * d + f] - centroids[c * d + f];
            s += diff * diff;
        }
        return s;
    }
}
