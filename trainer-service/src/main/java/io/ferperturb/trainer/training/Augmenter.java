package io.ferperturb.trainer.training;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.Augmentation;
import java.util.SplittableRandom;

/**
 * The training-time augmentation of the authors' code on 48×48 grey faces, written straight into the
 * normalised model input: one random affine warp (zoom 0.8–1.2, rotation ±10°, shift ±20 %, optional
 * mirror; bilinear, black outside), brightness and contrast jitter, then random erasing of a rectangle
 * to the mean (torchvision's RandomErasing on a normalised tensor erases to 0). One pass per image,
 * no allocation per pixel.
 */
final class Augmenter {
    private static final int SIDE = FaceImage.SIDE;
    private static final float CENTRE = (SIDE - 1) / 2f;

    private final Augmentation a;
    private final Normalisation norm;
    private final float[] warped = new float[FaceImage.PIXELS];

    Augmenter(Augmentation augmentation, Normalisation norm) {
        this.a = augmentation;
        this.norm = norm;
    }

    /** Augments {@code src[srcOffset…]} into {@code dst[dstOffset…]} (2,304 normalised floats). */
    void apply(byte[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom rng) {
        double scale = uniform(rng, a.scaleMin(), a.scaleMax());
        double angle = Math.toRadians(uniform(rng, -a.rotation(), a.rotation()));
        double tx = uniform(rng, -a.translate(), a.translate()) * SIDE;
        double ty = uniform(rng, -a.translate(), a.translate()) * SIDE;
        boolean mirror = a.flip() && rng.nextBoolean();
        warp(src, srcOffset, scale, angle, tx, ty, mirror);

        float brightness = (float) uniform(rng, 1 - a.jitter(), 1 + a.jitter());
        float contrast = (float) uniform(rng, 1 - a.jitter(), 1 + a.jitter());
        float mean = 0;
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            warped[p] = Math.min(255f, warped[p] * brightness);
            mean += warped[p];
        }
        mean /= FaceImage.PIXELS;
        float scaleOut = 1f / (255f * norm.std());
        float shift = norm.mean() / norm.std();
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            float v = Math.max(0f, Math.min(255f, (warped[p] - mean) * contrast + mean));
            dst[dstOffset + p] = v * scaleOut - shift;
        }
        if (rng.nextDouble() < a.erasing()) {
            erase(dst, dstOffset, rng);
        }
    }

    /** Inverse mapping: for every output pixel, where it comes from in the source. */
    private void warp(byte[] src, int offset, double scale, double angle, double tx, double ty, boolean mirror) {
        float cos = (float) (Math.cos(angle) / scale);
        float sin = (float) (Math.sin(angle) / scale);
        for (int y = 0; y < SIDE; y++) {
            float v = y - CENTRE - (float) ty;
            for (int x = 0; x < SIDE; x++) {
                float u = (mirror ? SIDE - 1 - x : x) - CENTRE - (float) tx;
                float sx = cos * u + sin * v + CENTRE;
                float sy = -sin * u + cos * v + CENTRE;
                warped[y * SIDE + x] = bilinear(src, offset, sx, sy);
            }
        }
    }

    private static float bilinear(byte[] src, int offset, float sx, float sy) {
        if (sx < -1 || sy < -1 || sx > SIDE || sy > SIDE) {
            return 0f;
        }
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        float fx = sx - x0;
        float fy = sy - y0;
        float top = lerp(pixel(src, offset, x0, y0), pixel(src, offset, x0 + 1, y0), fx);
        float bottom = lerp(pixel(src, offset, x0, y0 + 1), pixel(src, offset, x0 + 1, y0 + 1), fx);
        return lerp(top, bottom, fy);
    }

    private static float pixel(byte[] src, int offset, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0f : src[offset + y * SIDE + x] & 0xFF;
    }

    private static float lerp(float a, float b, float t) {
        return a + (b - a) * t;
    }

    /** torchvision's RandomErasing: area 2–33 %, aspect ratio 0.3–3.3 (log-uniform), value 0. */
    private static void erase(float[] dst, int offset, SplittableRandom rng) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = uniform(rng, 0.02, 0.33) * FaceImage.PIXELS;
            double ratio = Math.exp(uniform(rng, Math.log(0.3), Math.log(3.3)));
            int h = (int) Math.round(Math.sqrt(area * ratio));
            int w = (int) Math.round(Math.sqrt(area / ratio));
            if (h < SIDE && w < SIDE && h > 0 && w > 0) {
                int top = rng.nextInt(SIDE - h + 1);
                int left = rng.nextInt(SIDE - w + 1);
                for (int y = top; y < top + h; y++) {
                    java.util.Arrays.fill(dst, offset + y * SIDE + left, offset + y * SIDE + left + w, 0f);
                }
                return;
            }
        }
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return hi <= lo ? lo : lo + (hi - lo) * rng.nextDouble();
    }
}
