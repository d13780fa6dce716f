package io.ferperturb.domain.metrics;

import java.util.List;
import java.util.Locale;

/**
 * A metric over runs that differ only in their seed: the mean and the sample standard deviation (n − 1; zero for
 * a single run, which has no spread to estimate).
 */
public record SeedSpread(double mean, double standardDeviation, int runs) {

    public static SeedSpread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarise");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
        return new SeedSpread(mean, sd, values.size());
    }

    /** "0.612 ± 0.013" (three decimals), or the value alone for one run. */
    public String format() {
        return runs < 2 ? String.format(Locale.ROOT, "%.3f", mean)
                : String.format(Locale.ROOT, "%.3f ± %.3f", mean, standardDeviation);
    }
}
