package io.ferperturb.models.saliency;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;

/**
 * Input gradients of a classifier, without CDI: what the saliency methods build on, and what the
 * perturb-service's gradient attention averages. Any number of images; they are cut into backward passes
 * of at most {@link GradientPass#MAX_ROWS} rows, each pass serialised with every other gradient pass in
 * the JVM.
 */
public final class InputGradients {
    private InputGradients() {
    }

    /** Gradients and the targets they were taken for (the arg-max where the caller asked for "predicted"). */
    public record Batch(float[][] gradients, int[] targets, float[][] logits) {
    }

    /**
     * The gradient of each image's target logit with respect to that image.
     *
     * @param batch n normalised images, NCHW with C = 1 and H = W = {@code side}, concatenated
     * @param targets one class index per image, or a negative value for the image's predicted class
     * @return one row of side × side signed gradients per image
     */
    public static float[][] of(Model model, float[] batch, int side, int[] targets) {
        return compute(model, batch, side, targets).gradients();
    }

    /** As {@link #of}, with the targets actually used and the logits of the pass. */
    public static Batch compute(Model model, float[] batch, int side, int[] targets) {
        int pixels = side * side;
        int n = targets.length;
        if (batch.length != n * pixels) {
            throw new IllegalArgumentException(batch.length + " input values for " + n + " images of " + side + "×" + side);
        }
        float[][] gradients = new float[n][];
        float[][] logits = new float[n][];
        int[] used = new int[n];
        for (int from = 0; from < n; from += GradientPass.MAX_ROWS) {
            int rows = Math.min(GradientPass.MAX_ROWS, n - from);
            float[] chunk = new float[rows * pixels];
            System.arraycopy(batch, from * pixels, chunk, 0, chunk.length);
            int[] chunkTargets = new int[rows];
            System.arraycopy(targets, from, chunkTargets, 0, rows);
            GradientPass.Result r = GradientPass.run(model, model.getBlock(), chunk, new Shape(rows, 1, side, side), chunkTargets);
            int classes = r.logits().length / rows;
            for (int i = 0; i < rows; i++) {
                gradients[from + i] = java.util.Arrays.copyOfRange(r.gradient(), i * pixels, (i + 1) * pixels);
                logits[from + i] = java.util.Arrays.copyOfRange(r.logits(), i * classes, (i + 1) * classes);
                used[from + i] = r.targets()[i];
            }
        }
        return new Batch(gradients, used, logits);
    }

    /**
     * The mean absolute input gradient over images, per pixel (side × side): the gradient saliency
     * attention, a model-agnostic alternative to a spatial attention gate.
     */
    public static float[] meanAbsolute(Model model, float[] batch, int side, int[] targets) {
        float[] mean = new float[side * side];
        float[][] gradients = of(model, batch, side, targets);
        for (float[] g : gradients) {
            for (int p = 0; p < mean.length; p++) {
                mean[p] += Math.abs(g[p]) / gradients.length;
            }
        }
        return mean;
    }
}
