package io.ferperturb.domain.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * Whether one model's accuracy really differs from another's on the same test images: the accuracy difference
 * with a paired bootstrap 95% confidence interval (the images resampled with replacement, both models' answers
 * kept together), and McNemar's exact test on the images where exactly one of the two is right.
 *
 * @param difference    accuracy of the second model minus that of the first
 * @param low           2.5th percentile of the bootstrapped differences
 * @param high          97.5th percentile
 * @param onlyFirst     images only the first model gets right (McNemar's b)
 * @param onlySecond    images only the second model gets right (McNemar's c)
 * @param mcNemarP      two-sided exact p-value: 2·P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), at most 1
 */
public record PairedComparison(double difference, double low, double high, int onlyFirst, int onlySecond,
        double mcNemarP) {

    /** Resamples used by {@link #of(boolean[], boolean[], long)}. */
    public static final int RESAMPLES = 2000;

    /** A difference is called real only when its 95% interval leaves out zero. */
    public boolean significant() {
        return low > 0 || high < 0;
    }

    /** With {@value #RESAMPLES} seeded resamples, so a table is the same every time it is computed. */
    public static PairedComparison of(boolean[] firstCorrect, boolean[] secondCorrect, long seed) {
        return of(firstCorrect, secondCorrect, RESAMPLES, seed);
    }

    public static PairedComparison of(boolean[] firstCorrect, boolean[] secondCorrect, int resamples, long seed) {
        int n = firstCorrect.length;
        if (n == 0 || secondCorrect.length != n) {
            throw new IllegalArgumentException("both models' answers are needed for the same, non-empty test images: "
                    + n + " and " + secondCorrect.length);
        }
        int[] gain = new int[n]; // +1: only the second is right, −1: only the first, 0: both or neither
        int onlyFirst = 0;
        int onlySecond = 0;
        for (int i = 0; i < n; i++) {
            gain[i] = (secondCorrect[i] ? 1 : 0) - (firstCorrect[i] ? 1 : 0);
            onlyFirst += gain[i] < 0 ? 1 : 0;
            onlySecond += gain[i] > 0 ? 1 : 0;
        }
        double[] differences = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += gain[random.nextInt(n)];
            }
            differences[r] = (double) sum / n;
        }
        Arrays.sort(differences);
        return new PairedComparison((double) (onlySecond - onlyFirst) / n, percentile(differences, 0.025),
                percentile(differences, 0.975), onlyFirst, onlySecond, mcNemar(onlyFirst, onlySecond));
    }

    /** McNemar's exact two-sided p-value for b and c discordant pairs. */
    static double mcNemar(int b, int c) {
        int discordant = b + c;
        if (discordant == 0) {
            return 1;
        }
        return Math.min(1, 2 * BinomialDistribution.of(discordant, 0.5).cumulativeProbability(Math.min(b, c)));
    }

    /** The nearest-rank percentile of sorted values: the smallest value with at least {@code q} of them at or below. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
