package io.ferperturb.trainer.training;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.Augmentation;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The authors' training transforms ({@code dataset.py}) on 48×48 grey faces, with torchvision's semantics, written
 * straight into the normalised model input:
 * <ol>
 * <li>{@code RandomResizedCrop(48, scale)}: a box of area fraction U(scaleMin, scaleMax) and aspect ratio
 * log-U(3/4, 4/3), sides rounded half to even, tried up to ten times until it fits the face, else the whole face;
 * resized to 48×48 bilinearly (sampling at pixel centres, edges clamped to the box, as Pillow does);</li>
 * <li>with probability {@code jitterProbability}, {@code ColorJitter}: brightness (multiply, clip at 255) and
 * contrast (blend with the image's mean, rounded as Pillow rounds it, clip to 0–255), each factor
 * U(1 − jitter, 1 + jitter), in random order; saturation has no effect on grey and is left out;</li>
 * <li>with probability {@code translateProbability}, {@code RandomAffine(0, translate)}: a shift by a whole number
 * of pixels, round(U(−translate·48, translate·48)) each way, black where nothing moves in;</li>
 * <li>with probability ½ (if {@code flip}), the mirror image;</li>
 * <li>with probability {@code rotationProbability}, {@code RandomRotation}: U(−rotation, rotation) degrees about the
 * centre, nearest neighbour, black corners;</li>
 * <li>for a cropped model, one random side×side window (the authors take {@code FiveCrop}; see the method notes);</li>
 * <li>with probability {@code erasing}, {@code RandomErasing()} on the model input: area U(0.02, 0.33) of it, aspect
 * log-U(0.3, 3.3), ten tries, set to 0 in the normalised input. Here 0 is the normalisation's mean, pixel 127.5 (mid
 * grey); in the authors' tensor, normalised with mean 0, it is black.</li>
 * </ol>
 * The random draws of an image ({@link #draw}) are kept apart from rendering them ({@link #render}); rendering is one
 * resize pass and one pass over the output, jitter applied on the way, with no allocation per pixel. Values stay in
 * floating point between steps, where Pillow rounds each step to 8 bits. Not thread-safe: one per feeder thread.
 */
final class Augmenter {
    private static final int SIDE = FaceImage.SIDE;
    private static final double CENTRE = (SIDE - 1) / 2.0;
    private static final double LOG_MIN_RATIO = Math.log(3.0 / 4.0);
    private static final double LOG_MAX_RATIO = Math.log(4.0 / 3.0);
    private static final double LOG_MIN_ERASE_RATIO = Math.log(0.3);
    private static final double LOG_MAX_ERASE_RATIO = Math.log(3.3);
    private static final int TRIES = 10;

    private final Augmentation a;
    private final Normalisation norm;
    private final int side;
    private final float[] resized = new float[FaceImage.PIXELS];
    private final int[] x0 = new int[SIDE];
    private final int[] x1 = new int[SIDE];
    private final float[] xWeight = new float[SIDE];

    /** Whole 48×48 faces out. */
    Augmenter(Augmentation augmentation, Normalisation norm) {
        this(augmentation, norm, SIDE);
    }

    /** @param side side of the model input: 48, or the side of the random crop taken last */
    Augmenter(Augmentation augmentation, Normalisation norm, int side) {
        if (side < 1 || side > SIDE) {
            throw new IllegalArgumentException("the input side is 1–" + SIDE + ", got " + side);
        }
        this.a = augmentation.overPreset();
        this.norm = norm;
        this.side = side;
    }

    /**
     * What the transforms do to one image.
     *
     * @param boxTop         top row of the resized crop's box; {@code boxLeft}, {@code boxHeight}, {@code boxWidth} alike
     * @param jittered       whether the colour jitter fired; then {@code brightness}, {@code contrast} and whether
     *                       brightness went first
     * @param translated     whether the shift fired; then {@code shiftX}, {@code shiftY} in pixels (right, down)
     * @param rotated        whether the rotation fired; then {@code degrees}
     * @param cropLeft       left edge of the side×side window taken from the 48×48 result; {@code cropTop} alike
     * @param erased         whether erasing fired; then the rectangle ({@code eraseHeight} 0 when ten tries found none)
     */
    record Draw(int boxTop, int boxLeft, int boxHeight, int boxWidth, boolean jittered, float brightness, float contrast,
            boolean brightnessFirst, boolean translated, int shiftX, int shiftY, boolean mirrored, boolean rotated,
            double degrees, int cropLeft, int cropTop, boolean erased, int eraseTop, int eraseLeft, int eraseHeight,
            int eraseWidth) {
    }

    /** Augments {@code src[srcOffset…]} into {@code dst[dstOffset…]} (side² normalised floats). */
    void apply(byte[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom rng) {
        render(src, srcOffset, draw(rng), dst, dstOffset);
    }

    /** Draws the random parameters of one image, transform after transform as torchvision does. */
    Draw draw(SplittableRandom rng) {
        int[] box = resizedCropBox(rng);
        boolean jittered = rng.nextDouble() < a.jitterProbability();
        float brightness = 1;
        float contrast = 1;
        boolean brightnessFirst = true;
        if (jittered) {
            brightness = (float) uniform(rng, Math.max(0, 1 - a.jitter()), 1 + a.jitter());
            contrast = (float) uniform(rng, Math.max(0, 1 - a.jitter()), 1 + a.jitter());
            brightnessFirst = rng.nextBoolean();
        }
        boolean translated = rng.nextDouble() < a.translateProbability();
        int shiftX = 0;
        int shiftY = 0;
        if (translated) {
            double most = a.translate() * SIDE;
            shiftX = (int) Math.rint(uniform(rng, -most, most));
            shiftY = (int) Math.rint(uniform(rng, -most, most));
        }
        boolean mirrored = a.flip() && rng.nextBoolean();
        boolean rotated = rng.nextDouble() < a.rotationProbability();
        double degrees = rotated ? uniform(rng, -a.rotation(), a.rotation()) : 0;
        int cropLeft = side == SIDE ? 0 : rng.nextInt(SIDE - side + 1);
        int cropTop = side == SIDE ? 0 : rng.nextInt(SIDE - side + 1);
        boolean erased = rng.nextDouble() < a.erasing();
        int[] erase = erased ? erasedRectangle(rng) : new int[4];
        return new Draw(box[0], box[1], box[2], box[3], jittered, brightness, contrast, brightnessFirst, translated,
                shiftX, shiftY, mirrored, rotated, degrees, cropLeft, cropTop, erased, erase[0], erase[1], erase[2],
                erase[3]);
    }

    /**
     * torchvision's {@code RandomResizedCrop.get_params} on a 48×48 face: {top, left, height, width}. An area above
     * the face's, or an aspect that makes a side longer than 48, is drawn again; after ten tries the fallback for a
     * square image is the whole face.
     */
    private int[] resizedCropBox(SplittableRandom rng) {
        double area = FaceImage.PIXELS;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            double target = area * uniform(rng, a.scaleMin(), a.scaleMax());
            double ratio = Math.exp(uniform(rng, LOG_MIN_RATIO, LOG_MAX_RATIO));
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= SIDE && h > 0 && h <= SIDE) {
                int top = rng.nextInt(SIDE - h + 1);
                int left = rng.nextInt(SIDE - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        return new int[] {0, 0, SIDE, SIDE};
    }

    /** torchvision's {@code RandomErasing.get_params} on the side×side input: {top, left, height, width}, or zeros. */
    private int[] erasedRectangle(SplittableRandom rng) {
        double area = (double) side * side;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            double target = area * uniform(rng, 0.02, 0.33);
            double ratio = Math.exp(uniform(rng, LOG_MIN_ERASE_RATIO, LOG_MAX_ERASE_RATIO));
            int h = (int) Math.rint(Math.sqrt(target * ratio));
            int w = (int) Math.rint(Math.sqrt(target / ratio));
            if (h < side && w < side) {
                return new int[] {rng.nextInt(side - h + 1), rng.nextInt(side - w + 1), h, w};
            }
        }
        return new int[4];
    }

    /** Renders one image's draws: the face at {@code src[srcOffset…]} into {@code dst[dstOffset…]}. */
    void render(byte[] src, int srcOffset, Draw d, float[] dst, int dstOffset) {
        double sum = resize(src, srcOffset, d);
        // Pillow's contrast blends with the mean of the image it is given, rounded to a whole grey level
        float mean = (float) Math.floor(sum / FaceImage.PIXELS + 0.5);
        float scaleOut = 1f / (255f * norm.std());
        float shift = norm.mean() / norm.std();
        float black = -shift;
        double radians = Math.toRadians(d.degrees());
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        for (int y = 0; y < side; y++) {
            int outY = d.cropTop() + y;
            for (int x = 0; x < side; x++) {
                int outX = d.cropLeft() + x;
                int u = outX;
                int v = outY;
                if (d.rotated()) {
                    // nearest neighbour of the inverse rotation, sampled at the pixel's centre as Pillow does
                    double du = outX - CENTRE;
                    double dv = outY - CENTRE;
                    u = (int) Math.floor(cos * du + sin * dv + CENTRE + 0.5);
                    v = (int) Math.floor(-sin * du + cos * dv + CENTRE + 0.5);
                }
                if (d.mirrored()) {
                    u = SIDE - 1 - u;
                }
                u -= d.shiftX();
                v -= d.shiftY();
                int out = dstOffset + y * side + x;
                if (u < 0 || v < 0 || u >= SIDE || v >= SIDE) {
                    dst[out] = black;
                } else {
                    float value = resized[v * SIDE + u];
                    dst[out] = (d.jittered() ? jitter(value, d, mean) : value) * scaleOut - shift;
                }
            }
        }
        if (d.erased() && d.eraseHeight() > 0) {
            for (int y = d.eraseTop(); y < d.eraseTop() + d.eraseHeight(); y++) {
                int row = dstOffset + y * side + d.eraseLeft();
                Arrays.fill(dst, row, row + d.eraseWidth(), 0f);
            }
        }
    }

    /**
     * The box of the draw resized to 48×48 into {@link #resized} (grey levels 0–255): bilinear at pixel centres,
     * clamped to the box. Returns the sum of the image the contrast jitter sees (after brightness, if that goes first).
     */
    private double resize(byte[] src, int offset, Draw d) {
        int h = d.boxHeight();
        int w = d.boxWidth();
        float brightness = d.jittered() && d.brightnessFirst() ? d.brightness() : 1f;
        double sum = 0;
        if (h == SIDE && w == SIDE) {
            for (int p = 0; p < FaceImage.PIXELS; p++) {
                resized[p] = src[offset + p] & 0xFF;
                sum += Math.min(255f, resized[p] * brightness);
            }
            return sum;
        }
        for (int x = 0; x < SIDE; x++) {
            double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / SIDE - 0.5));
            x0[x] = (int) sx;
            x1[x] = Math.min(x0[x] + 1, w - 1);
            xWeight[x] = (float) (sx - x0[x]);
        }
        for (int y = 0; y < SIDE; y++) {
            double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / SIDE - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            float fy = (float) (sy - y0);
            int top = offset + (d.boxTop() + y0) * SIDE + d.boxLeft();
            int bottom = offset + (d.boxTop() + y1) * SIDE + d.boxLeft();
            for (int x = 0; x < SIDE; x++) {
                float upper = lerp(src[top + x0[x]] & 0xFF, src[top + x1[x]] & 0xFF, xWeight[x]);
                float lower = lerp(src[bottom + x0[x]] & 0xFF, src[bottom + x1[x]] & 0xFF, xWeight[x]);
                float value = lerp(upper, lower, fy);
                resized[y * SIDE + x] = value;
                sum += Math.min(255f, value * brightness);
            }
        }
        return sum;
    }

    /** Brightness and contrast of one grey level, in the draw's order, clipped as Pillow clips them. */
    private static float jitter(float value, Draw d, float mean) {
        if (d.brightnessFirst()) {
            float brighter = Math.min(255f, value * d.brightness());
            return clamp(mean + d.contrast() * (brighter - mean));
        }
        return Math.min(255f, clamp(mean + d.contrast() * (value - mean)) * d.brightness());
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(255f, v));
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi <= lo ? lo : lo + (hi - lo) * rng.nextDouble();
    }
}
