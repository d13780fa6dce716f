package io.ferperturb.domain.perturbation;

import java.util.Locale;

/**
 * What a removed region is filled with in a masked copy. The method sets it to 0 (black); the issue
 * also asks for a mean grey and for noise.
 *
 * <p>Wire form ({@link #wireName()}, {@link #parse}, the {@code fill} of a {@code perturbation}
 * event block): {@code zero}, {@code mean} (each image's own mean), {@code mean:<0–255>} (a given
 * mean, e.g. the training set's), {@code noise} or {@code noise:<seed>} (uniform 0–255).
 */
public sealed interface Fill {

    /** Pixels set to 0, as in the paper. */
    record Zero() implements Fill {
        @Override
        public String wireName() {
            return "zero";
        }
    }

    /** Pixels set to the image's own mean intensity (rounded). */
    record ImageMean() implements Fill {
        @Override
        public String wireName() {
            return "mean";
        }
    }

    /** Pixels set to one given value, e.g. the data set's mean. */
    record Constant(int value) implements Fill {
        public Constant {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("a fill value must be 0–255, got " + value);
            }
        }

        @Override
        public String wireName() {
            return "mean:" + value;
        }
    }

    /**
     * Pixels set to uniform noise 0–255. The noise of a copy depends only on (seed, image index, region),
     * so bulk output is the same however it is split over threads.
     */
    record Noise(long seed) implements Fill {
        @Override
        public String wireName() {
            return "noise:" + seed;
        }
    }

    /** The form {@link #parse} reads back. */
    String wireName();

    static Fill zero() {
        return new Zero();
    }

    static Fill imageMean() {
        return new ImageMean();
    }

    static Fill constant(int value) {
        return new Constant(value);
    }

    static Fill noise(long seed) {
        return new Noise(seed);
    }

    /**
     * Reads the wire form; {@code null} or blank means {@code zero}.
     *
     * @throws IllegalArgumentException for anything else
     */
    static Fill parse(String text) {
        if (text == null || text.isBlank()) {
            return zero();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? null : s.substring(colon + 1);
        try {
            switch (kind) {
                case "zero":
                    if (arg == null) {
                        return zero();
                    }
                    break;
                case "mean":
                    return arg == null ? imageMean() : constant(Integer.parseInt(arg));
                case "noise":
                    return noise(arg == null ? 0L : Long.parseLong(arg));
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fill '" + text + "' has a malformed number", e);
        }
        throw new IllegalArgumentException("fill must be zero, mean, mean:<0-255>, noise or noise:<seed>, got '"
                + text + "'");
    }
}
