package io.ferperturb.synthetic;

import io.ferperturb.domain.data.FaceImage;

/**
 * A 48×48 luminance buffer with the face's pose transform, plus the primitives faces are drawn with.
 * Primitives are placed in face units and visit only the pixels in their bounding box; each pixel is
 * mapped back into the primitive's local frame with two multiply-adds, and edges are anti-aliased by a
 * one-pixel coverage ramp instead of supersampling.
 */
final class FaceCanvas {
    static final int SIDE = FaceImage.SIDE;

    /** Luminance 0–1 (may stray outside until {@link #toBytes}). */
    final float[] lum = new float[FaceImage.PIXELS];

    private final float originX;
    private final float originY;
    private final float cos;
    private final float sin;
    private final float scale;
    private final float invScale;

    /** The current region: inclusive pixel bounds and the image position of its local origin. */
    int x0;
    int x1;
    int y0;
    int y1;
    private float regionX;
    private float regionY;

    FaceCanvas(FacePose pose) {
        originX = pose.centerX();
        originY = pose.centerY();
        cos = (float) StrictMath.cos(pose.rotation());
        sin = (float) StrictMath.sin(pose.rotation());
        scale = pose.scale();
        invScale = 1f / scale;
    }

    /** Image pixels per face unit: the slope of a one-pixel anti-aliasing ramp in face units. */
    float scale() {
        return scale;
    }

    /**
     * Selects the pixels within {@code reachX} × {@code reachY} face units of face point (u, v) and makes
     * that point the origin of {@link #localX}/{@link #localY}.
     *
     * @return false when the region lies outside the image
     */
    boolean enter(float u, float v, float reachX, float reachY) {
        regionX = originX + scale * (cos * u - sin * v);
        regionY = originY + scale * (sin * u + cos * v);
        return enterBox(reachX, reachY, cos, sin);
    }

    /** {@link #enter} for a box whose axes are turned by (cos, sin) in the image. */
    private boolean enterBox(float reachX, float reachY, float boxCos, float boxSin) {
        float ac = Math.abs(boxCos);
        float as = Math.abs(boxSin);
        float extentX = scale * (ac * reachX + as * reachY) + 1;
        float extentY = scale * (as * reachX + ac * reachY) + 1;
        x0 = Math.max(0, (int) Math.floor(regionX - extentX));
        x1 = Math.min(SIDE - 1, (int) Math.ceil(regionX + extentX));
        y0 = Math.max(0, (int) Math.floor(regionY - extentY));
        y1 = Math.min(SIDE - 1, (int) Math.ceil(regionY + extentY));
        return x0 <= x1 && y0 <= y1;
    }

    /** Selects the whole image, with the local origin at face point (u, v). */
    void enterAll(float u, float v) {
        enter(u, v, 0, 0);
        x0 = 0;
        y0 = 0;
        x1 = SIDE - 1;
        y1 = SIDE - 1;
    }

    /** Change of {@link #localX} per pixel step to the right (for incremental loops). */
    float localXStep() {
        return cos * invScale;
    }

    /** Change of {@link #localY} per pixel step to the right. */
    float localYStep() {
        return -sin * invScale;
    }

    /** Face-unit x of pixel (x, y)'s centre relative to the region origin. */
    float localX(int x, int y) {
        return (cos * (x + 0.5f - regionX) + sin * (y + 0.5f - regionY)) * invScale;
    }

    /** Face-unit y of pixel (x, y)'s centre relative to the region origin. */
    float localY(int x, int y) {
        return (cos * (y + 0.5f - regionY) - sin * (x + 0.5f - regionX)) * invScale;
    }

    /** Coverage of a pixel whose centre lies {@code inside} face units within an edge (negative: outside). */
    float coverage(float inside) {
        return clamp01(inside * scale + 0.5f);
    }

    /**
     * Soft elliptical shading: multiplies luminance by 1 − amount·(1 − q)² where q is the squared
     * normalised radius. Positive amounts darken (sockets, shadows), negative ones brighten.
     */
    void shade(float u, float v, float rx, float ry, float amount) {
        if (!enter(u, v, rx, ry)) {
            return;
        }
        float irx = 1f / rx;
        float iry = 1f / ry;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                float a = localX(x, y) * irx;
                float b = localY(x, y) * iry;
                float w = 1f - (a * a + b * b);
                if (w > 0) {
                    lum[y * SIDE + x] *= 1f - amount * w * w;
                }
            }
        }
    }

    /**
     * A darkening stroke along the curve y = bend·t² + tilt·t, t = x / halfLength ∈ [−1, 1], in a frame
     * centred on (u, v) and turned by {@code angle}. Thickness grows by {@code taper}·t along the stroke
     * (brows are thicker at the inner end); {@code darkness} is the fraction of luminance removed.
     */
    void stroke(float u, float v, float halfLength, float angle, float bend, float tilt,
                float thickness, float taper, float darkness) {
        if (darkness == 0) {
            return;
        }
        float ca = (float) StrictMath.cos(angle);
        float sa = (float) StrictMath.sin(angle);
        float reachAcross = thickness + Math.abs(bend) + Math.abs(tilt);
        enter(u, v, 0, 0);
        if (!enterBox(halfLength + thickness, reachAcross, cos * ca - sin * sa, sin * ca + cos * sa)) {
            return;
        }
        float invHalf = 1f / halfLength;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                float lx = localX(x, y);
                float ly = localY(x, y);
                float t = (ca * lx + sa * ly) * invHalf;
                float along = 1f - Math.abs(t);
                float offset = (ca * ly - sa * lx) - (bend * t + tilt) * t;
                float halfThick = 0.5f * thickness * (1f + taper * t);
                float c = coverage(halfThick - Math.abs(offset)) * coverage(along * halfLength);
                if (c > 0) {
                    lum[y * SIDE + x] *= 1f - darkness * c;
                }
            }
        }
    }

    /** A straight-ish darkening stroke from (u1, v1) to (u2, v2), bowed sideways by {@code bend}. */
    void strokeBetween(float u1, float v1, float u2, float v2, float bend, float thickness, float darkness) {
        float du = u2 - u1;
        float dv = v2 - v1;
        float halfLength = 0.5f * (float) Math.sqrt(du * du + dv * dv);
        float angle = (float) StrictMath.atan2(dv, du);
        stroke(0.5f * (u1 + u2), 0.5f * (v1 + v2), halfLength, angle, -bend, 0, thickness, 0, darkness);
    }

    /**
     * Applies contrast, brightness and Gaussian-like pixel noise (sum of four uniforms from a
     * SplitMix64 stream) and rounds to unsigned bytes.
     */
    byte[] toBytes(FacePose pose, long noiseSeed) {
        byte[] out = new byte[FaceImage.PIXELS];
        float gain = pose.contrast() * 255f;
        float offset = (0.5f + pose.brightness()) * 255f + 0.5f;
        // the sum of four uniform(0, 65535) draws has sd 65536·√(4/12)
        float noiseScale = pose.noise() * 255f / (65536f * 0.57735f);
        long state = noiseSeed;
        for (int i = 0; i < out.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            int sum = (int) (z & 0xFFFF) + (int) ((z >>> 16) & 0xFFFF) + (int) ((z >>> 32) & 0xFFFF)
                    + (int) ((z >>> 48) & 0xFFFF) - 2 * 65536;
            float value = (lum[i] - 0.5f) * gain + offset + sum * noiseScale;
            out[i] = (byte) Math.max(0, Math.min(255, (int) value));
        }
        return out;
    }

    static float clamp01(float x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }
}
