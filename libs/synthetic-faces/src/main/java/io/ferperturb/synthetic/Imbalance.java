package io.ferperturb.synthetic;

import io.ferperturb.domain.data.Emotion;

/**
 * How many faces of each class a synthetic data set holds: the same number ({@link #NONE}) or
 * FER2013's skew ({@link #FER2013}), so that class-imbalance handling can be exercised without the
 * real data.
 */
public enum Imbalance {
    /** Every class gets the same count. */
    NONE,
    /** Classes in FER2013's training-set proportions (disgust about 1.5 %, happy about 25 %). */
    FER2013;

    /** FER2013's training-set counts per class, in {@link Emotion} order. */
    private static final int[] FER2013_TRAINING_COUNTS = {3995, 436, 4097, 7215, 4830, 3171, 4965};

    /** Smallest class size under {@link #FER2013}, so each of the three splits keeps members. */
    static final int MIN_PER_CLASS = 10;

    /**
     * Faces per class. Under {@link #FER2013}, {@code perClass} is the size of the largest class (happy)
     * and the others are scaled to FER2013's proportions, at least {@value #MIN_PER_CLASS} each.
     */
    int[] classCounts(int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be at least 1, got " + perClass);
        }
        int[] counts = new int[Emotion.COUNT];
        int largest = FER2013_TRAINING_COUNTS[Emotion.HAPPY.index()];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = switch (this) {
                case NONE -> perClass;
                case FER2013 -> Math.max(MIN_PER_CLASS,
                        (int) Math.round((double) perClass * FER2013_TRAINING_COUNTS[c] / largest));
            };
        }
        return counts;
    }
}
