package io.ferperturb.models.saliency;

import java.util.SplittableRandom;

/** Small numeric helpers on maps held as flat float arrays. */
public final class Maps {
    private Maps() {
    }

    static void absoluteInPlace(float[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.abs(values[i]);
        }
    }

    static double range(float[] values, int from, int length) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        return max - min;
    }

    /** A standard normal draw (Box–Muller). */
    static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Min-max scaling to [0, 1]; a constant map becomes all zeros. */
    public static float[] normalised(float[] raw) {
        float min = min(raw);
        float span = max(raw) - min;
        float[] out = new float[raw.length];
        if (span > 0) {
            for (int i = 0; i < raw.length; i++) {
                out[i] = (raw[i] - min) / span;
            }
        }
        return out;
    }

    public static float min(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    public static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** Per-pixel mean of several maps of the same size. */
    public static float[] mean(Iterable<float[]> maps, int size) {
        float[] mean = new float[size];
        int count = 0;
        for (float[] m : maps) {
            for (int i = 0; i < size; i++) {
                mean[i] += m[i];
            }
            count++;
        }
        for (int i = 0; count > 0 && i < size; i++) {
            mean[i] /= count;
        }
        return mean;
    }

    /** Bilinear resize of an h × w map to side × side, sampling as PyTorch's {@code interpolate(align_corners=False)}. */
    static float[] upsample(float[] map, int h, int w, int side) {
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            double sy = Math.max(0, (y + 0.5) * h / side - 0.5);
            int y0 = Math.min((int) sy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < side; x++) {
                double sx = Math.max(0, (x + 0.5) * w / side - 0.5);
                int x0 = Math.min((int) sx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                double bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * side + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
