package io.ferperturb.inference.video;

import java.util.HashMap;
import java.util.Map;

/**
 * Each track's probabilities smoothed over its recent frames (an exponential moving average with weight
 * {@code alpha} on the newest frame), so that one odd frame does not flip a face's emotion. Frames must come in
 * order. One instance per video.
 */
public final class EmotionSmoother {
    private final double alpha;
    private final Map<Integer, double[]> averages = new HashMap<>();

    public EmotionSmoother(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("the smoothing weight must be in (0, 1], not " + alpha);
        }
        this.alpha = alpha;
    }

    /** The track's smoothed probabilities after this frame's; a track's first frame is its own average. */
    public double[] next(int track, float[] probabilities) {
        double[] average = averages.get(track);
        if (average == null) {
            average = new double[probabilities.length];
            for (int c = 0; c < probabilities.length; c++) {
                average[c] = probabilities[c];
            }
            averages.put(track, average);
        } else {
            for (int c = 0; c < probabilities.length; c++) {
                average[c] = alpha * probabilities[c] + (1 - alpha) * average[c];
            }
        }
        return average.clone();
    }
}
