package io.ferperturb.models.saliency;

import ai.djl.Model;

/**
 * {@code integrated-gradients} (Sundararajan et al. 2017): (x − b) × the mean gradient along the straight
 * path from a constant baseline b to x, on {@code steps} midpoints (Riemann middle rule); the map is its
 * absolute value. All steps of all images go through the batched backward passes together.
 *
 * @param baseline the baseline's value in normalised input space (e.g. that of a black pixel)
 */
public record IntegratedGradients(int steps, float baseline) implements SaliencyMethod {
    public static final String NAME = "integrated-gradients";

    public IntegratedGradients {
        if (steps < 1 || steps > 500) {
            throw new IllegalArgumentException("steps must be between 1 and 500, got " + steps);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[][] maps(Model model, float[] batch, int side, int[] targets) {
        float[][] attributions = attributions(model, batch, side, targets);
        for (float[] a : attributions) {
            Maps.absoluteInPlace(a);
        }
        return attributions;
    }

    /** The signed attributions; per image they sum to about logit(x) − logit(b) (completeness). */
    public float[][] attributions(Model model, float[] batch, int side, int[] targets) {
        int pixels = side * side;
        int n = targets.length;
        float[] path = new float[n * steps * pixels];
        int[] pathTargets = new int[n * steps];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < steps; s++) {
                float alpha = (s + 0.5f) / steps;
                int row = i * steps + s;
                pathTargets[row] = targets[i];
                for (int p = 0; p < pixels; p++) {
                    path[row * pixels + p] = baseline + alpha * (batch[i * pixels + p] - baseline);
                }
            }
        }
        float[][] gradients = InputGradients.of(model, path, side, pathTargets);
        float[][] attributions = new float[n][pixels];
        for (int row = 0; row < gradients.length; row++) {
            int i = row / steps;
            for (int p = 0; p < pixels; p++) {
                attributions[i][p] += gradients[row][p] * (batch[i * pixels + p] - baseline) / steps;
            }
        }
        return attributions;
    }
}
