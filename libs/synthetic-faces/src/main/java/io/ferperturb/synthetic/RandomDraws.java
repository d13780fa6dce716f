package io.ferperturb.synthetic;

import java.util.SplittableRandom;

/**
 * The few random draws the face generator needs, computed with {@link StrictMath} so a seed gives
 * byte-identical faces on every JVM and platform.
 */
final class RandomDraws {
    private final SplittableRandom rng;

    RandomDraws(SplittableRandom rng) {
        this.rng = rng;
    }

    /** Uniform in [low, high). */
    float uniform(double low, double high) {
        return (float) (low + (high - low) * rng.nextDouble());
    }

    /** Normal(mean, sd) by Box–Muller, cut at ±2.5 sd so no draw is absurd. */
    float normal(double mean, double sd) {
        double u = 1.0 - rng.nextDouble();
        double z = StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * rng.nextDouble());
        return (float) (mean + sd * Math.max(-2.5, Math.min(2.5, z)));
    }

    /** Normal(mean, sd) clamped to [low, high]. */
    float normal(double mean, double sd, double low, double high) {
        return (float) Math.max(low, Math.min(high, normal(mean, sd)));
    }

    boolean chance(double probability) {
        return rng.nextDouble() < probability;
    }

    long nextLong() {
        return rng.nextLong();
    }
}
