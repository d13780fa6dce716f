package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.data.FaceImage;
import java.util.SplittableRandom;

/**
 * Attention maps as a spatial gate would give them for FER2013-framed faces: in [0, 1], low (0.35)
 * over skin and background, raised on the two eyes (rows ≈19, x ≈14 and ≈33, +0.35) and most on a
 * wide mouth region (row ≈35, +0.65), each bump jittered by a pixel or so per image, plus noise.
 *
 * <p>The mouth is the strongest on purpose. With α = 1.2 and β = 1.5, k-means over (x, y, attention)
 * gives eyes-left / eyes-right / nose-mouth when the mouth dominates and the eyes are moderate; when eyes
 * and mouth are equally strong it puts all attended pixels into one cluster and splits the rest into a
 * left and a right half (see {@code PixelClustererTest}).
 */
final class SyntheticAttention {
    static final int LEFT_EYE_X = 14;
    static final int RIGHT_EYE_X = 33;
    static final int EYE_Y = 19;
    static final int MOUTH_X = 24;
    static final int MOUTH_Y = 35;

    private SyntheticAttention() {
    }

    static float[] maps(int count, long seed) {
        return maps(count, seed, 0.35, 0.65);
    }

    /** Maps with the given bump heights over a 0.35 base. */
    static float[] maps(int count, long seed, double eyeHeight, double mouthHeight) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] maps = new float[count * FaceImage.PIXELS];
        for (int i = 0; i < count; i++) {
            double jx = random.nextDouble(-1.5, 1.5);
            double jy = random.nextDouble(-1.5, 1.5);
            for (int p = 0; p < FaceImage.PIXELS; p++) {
                double x = p % FaceImage.SIDE - jx;
                double y = p / FaceImage.SIDE - jy;
                double a = 0.35
                        + eyeHeight * bump(x - LEFT_EYE_X, y - EYE_Y, 4.5, 2.5)
                        + eyeHeight * bump(x - RIGHT_EYE_X, y - EYE_Y, 4.5, 2.5)
                        + mouthHeight * bump(x - MOUTH_X, y - MOUTH_Y, 11, 3)
                        + random.nextDouble(-0.05, 0.05);
                maps[i * FaceImage.PIXELS + p] = (float) Math.max(0, Math.min(1, a));
            }
        }
        return maps;
    }

    private static double bump(double dx, double dy, double sx, double sy) {
        return Math.exp(-0.5 * (dx * dx / (sx * sx) + dy * dy / (sy * sy)));
    }
}
