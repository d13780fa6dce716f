package io.ferperturb.domain.data;

/** Input scaling stored in model.json: x = (pixel / 255 − mean) / std. */
public record Normalisation(float mean, float std) {
    /** Close to FER2013's pixel statistics (mean ≈ 0.51, std ≈ 0.25). */
    public static final Normalisation FER2013 = new Normalisation(0.5f, 0.25f);
}
