package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.data.FaceImage;

/**
 * The three k-means features of every pixel (method notes, phase 2): its column x and row y, each
 * min-max scaled from [0, 47] to [0, β], and its attention (already scaled to [0, α] by
 * {@link AttentionAggregator}). Stored flat, pixel {@code p = y * 48 + x} at
 * {@code values[3p … 3p+2] = (x, y, attention)}.
 *
 * @param values 3 × 2,304 features
 * @param beta   upper end of the coordinate scale (method: 1.5)
 */
public record PixelFeatures(double[] values, double beta) {
    public static final int DIMENSIONS = 3;
    public static final double DEFAULT_BETA = 1.5;
    private static final int SIDE = FaceImage.SIDE;

    public PixelFeatures {
        if (values.length != DIMENSIONS * FaceImage.PIXELS) {
            throw new IllegalArgumentException("pixel features need " + DIMENSIONS * FaceImage.PIXELS + " values, got "
                    + values.length);
        }
    }

    /** Features of a scaled attention map with β = 1.5. */
    public static PixelFeatures of(float[] scaledAttention) {
        return of(scaledAttention, DEFAULT_BETA);
    }

    public static PixelFeatures of(float[] scaledAttention, double beta) {
        if (scaledAttention.length != FaceImage.PIXELS) {
            throw new IllegalArgumentException("an attention map has " + FaceImage.PIXELS + " values, got "
                    + scaledAttention.length);
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be positive, got " + beta);
        }
        double step = beta / (SIDE - 1);
        double[] values = new double[DIMENSIONS * FaceImage.PIXELS];
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            values[DIMENSIONS * p] = (p % SIDE) * step;
            values[DIMENSIONS * p + 1] = (p / SIDE) * step;
            values[DIMENSIONS * p + 2] = scaledAttention[p];
        }
        return new PixelFeatures(values, beta);
    }

    /** The features of pixel {@code p} as a new array {x, y, attention}. */
    public double[] point(int p) {
        return new double[] {values[DIMENSIONS * p], values[DIMENSIONS * p + 1], values[DIMENSIONS * p + 2]};
    }

    /** Scaled feature units per pixel step along x or y. */
    public double pixelStep() {
        return beta / (SIDE - 1);
    }

    /** Squared Euclidean distance between pixels {@code p} and {@code q}. */
    double squaredDistance(int p, int q) {
        double dx = values[DIMENSIONS * p] - values[DIMENSIONS * q];
        double dy = values[DIMENSIONS * p + 1] - values[DIMENSIONS * q + 1];
        double da = values[DIMENSIONS * p + 2] - values[DIMENSIONS * q + 2];
        return dx * dx + dy * dy + da * da;
    }
}
