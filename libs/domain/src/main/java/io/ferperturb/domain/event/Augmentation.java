package io.ferperturb.domain.event;

/**
 * Training-time augmentation of a job: the authors' torchvision transforms, in their order, on 48×48 grey faces
 * (random resized crop, colour jitter, translation, horizontal flip, rotation, then random erasing of the model
 * input). Null fields take the defaults below, the authors' values; {@code enabled=false} switches all of it off.
 *
 * @param scaleMin              smallest area fraction of the random resized crop (0.8); the crop's aspect ratio is
 *                              drawn log-uniformly from [3/4, 4/3], as torchvision's {@code RandomResizedCrop} does
 * @param scaleMax              largest area fraction (1.2); a draw that does not fit the face is tried again, up to
 *                              ten times, then the whole face is taken
 * @param rotation              largest rotation in degrees (10)
 * @param translate             largest shift as a fraction of the side (0.2)
 * @param flip                  mirror half of the images (true)
 * @param jitter                brightness and contrast factors drawn from [1 − jitter, 1 + jitter] (0.5)
 * @param erasing               probability of erasing a random rectangle of the model input (0.5)
 * @param jitterProbability     probability of the brightness and contrast jitter (0.5)
 * @param translateProbability  probability of the shift (0.5)
 * @param rotationProbability   probability of the rotation (0.5)
 */
public record Augmentation(Boolean enabled, Double scaleMin, Double scaleMax, Double rotation, Double translate,
        Boolean flip, Double jitter, Double erasing, Double jitterProbability, Double translateProbability,
        Double rotationProbability) {

    /** The authors' {@code dataset.py}: every random transform with its probability there. */
    public static final Augmentation PAPER = new Augmentation(true, 0.8, 1.2, 10.0, 0.2, true, 0.5, 0.5, 0.5, 0.5, 0.5);
    public static final Augmentation NONE = new Augmentation(false, 1.0, 1.0, 0.0, 0.0, false, 0.0, 0.0, 0.0, 0.0, 0.0);

    /** An augmentation whose transforms take the default probabilities. */
    public Augmentation(Boolean enabled, Double scaleMin, Double scaleMax, Double rotation, Double translate,
            Boolean flip, Double jitter, Double erasing) {
        this(enabled, scaleMin, scaleMax, rotation, translate, flip, jitter, erasing, null, null, null);
    }

    /** This augmentation with every null field taken from {@code defaults}. */
    public Augmentation over(Augmentation defaults) {
        return new Augmentation(pick(enabled, defaults.enabled), pick(scaleMin, defaults.scaleMin),
                pick(scaleMax, defaults.scaleMax), pick(rotation, defaults.rotation), pick(translate, defaults.translate),
                pick(flip, defaults.flip), pick(jitter, defaults.jitter), pick(erasing, defaults.erasing),
                pick(jitterProbability, defaults.jitterProbability),
                pick(translateProbability, defaults.translateProbability),
                pick(rotationProbability, defaults.rotationProbability));
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
