package io.ferperturb.models.saliency;

import ai.djl.Model;

/** {@code gradient}: |∂ logit_target / ∂ x| per pixel (Simonyan et al. 2014; Captum {@code Saliency}). */
public final class VanillaGradient implements SaliencyMethod {
    public static final String NAME = "gradient";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[][] maps(Model model, float[] batch, int side, int[] targets) {
        float[][] gradients = InputGradients.of(model, batch, side, targets);
        for (float[] g : gradients) {
            Maps.absoluteInPlace(g);
        }
        return gradients;
    }
}
