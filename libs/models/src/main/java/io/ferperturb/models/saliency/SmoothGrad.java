package io.ferperturb.models.saliency;

import ai.djl.Model;
import java.util.SplittableRandom;

/**
 * {@code smoothgrad} (Smilkov et al. 2017): the mean of |input gradient| over {@code samples} copies of
 * the image with Gaussian noise of standard deviation {@code sigma} × (the image's max − min), as Captum's
 * {@code NoiseTunnel(Saliency)} does. All copies of all images go through the batched backward passes
 * together. Seeded: the same request gives the same map.
 */
public record SmoothGrad(int samples, double sigma, long seed) implements SaliencyMethod {
    public static final String NAME = "smoothgrad";

    public SmoothGrad {
        if (samples < 1 || samples > 500) {
            throw new IllegalArgumentException("samples must be between 1 and 500, got " + samples);
        }
        if (!(sigma >= 0 && sigma <= 1)) {
            throw new IllegalArgumentException("sigma must be between 0 and 1 (a fraction of the image's range), got " + sigma);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[][] maps(Model model, float[] batch, int side, int[] targets) {
        int pixels = side * side;
        int n = targets.length;
        float[] noisy = new float[n * samples * pixels];
        int[] noisyTargets = new int[n * samples];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double std = sigma * Maps.range(batch, i * pixels, pixels);
            for (int s = 0; s < samples; s++) {
                int row = i * samples + s;
                noisyTargets[row] = targets[i];
                for (int p = 0; p < pixels; p++) {
                    noisy[row * pixels + p] = (float) (batch[i * pixels + p] + std * Maps.gaussian(random));
                }
            }
        }
        float[][] gradients = InputGradients.of(model, noisy, side, noisyTargets);
        float[][] maps = new float[n][pixels];
        for (int row = 0; row < gradients.length; row++) {
            float[] map = maps[row / samples];
            for (int p = 0; p < pixels; p++) {
                map[p] += Math.abs(gradients[row][p]) / samples;
            }
        }
        return maps;
    }
}
