package io.ferperturb.domain.event;

/**
 * Training-time augmentation of a job, as in the authors' code: random affine (scale, rotation,
 * translation), horizontal flip, brightness/contrast jitter and random erasing. Null fields take the
 * defaults below; {@code enabled=false} switches all of it off.
 *
 * @param scaleMin    smallest zoom of the random resized crop (0.8)
 * @param scaleMax    largest zoom (1.2)
 * @param rotation    largest rotation in degrees (10)
 * @param translate   largest shift as a fraction of the side (0.2)
 * @param flip        mirror half of the images (true)
 * @param jitter      brightness and contrast factors drawn from [1 − jitter, 1 + jitter] (0.5)
 * @param erasing     probability of erasing a random rectangle (0.5)
 */
public record Augmentation(Boolean enabled, Double scaleMin, Double scaleMax, Double rotation, Double translate,
        Boolean flip, Double jitter, Double erasing) {

    public static final Augmentation PAPER = new Augmentation(true, 0.8, 1.2, 10.0, 0.2, true, 0.5, 0.5);
    public static final Augmentation NONE = new Augmentation(false, 1.0, 1.0, 0.0, 0.0, false, 0.0, 0.0);

    /** This augmentation with every null field taken from {@code defaults}. */
    public Augmentation over(Augmentation defaults) {
        return new Augmentation(pick(enabled, defaults.enabled), pick(scaleMin, defaults.scaleMin),
                pick(scaleMax, defaults.scaleMax), pick(rotation, defaults.rotation), pick(translate, defaults.translate),
                pick(flip, defaults.flip), pick(jitter, defaults.jitter), pick(erasing, defaults.erasing));
    }

    /**
     * This augmentation completed from the preset it asks for: {@link #NONE} when {@code enabled} is false,
     * {@link #PAPER} otherwise, so that a job may change one knob of the paper's augmentation.
     */
    public Augmentation overPreset() {
        return over(Boolean.FALSE.equals(enabled) ? NONE : PAPER);
    }

    private static <T> T pick(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
