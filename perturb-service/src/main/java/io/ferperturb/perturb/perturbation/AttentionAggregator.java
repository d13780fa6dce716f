package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.data.FaceImage;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Turns per-image attention maps into the one attention feature of the clustering (method notes, phase
 * 2: "sum the attention maps over a batch of training images; set values below 0.5 to 0; min-max scale
 * attention to [0, α=1.2]"). The maps come from any source — the attention model's spatial gate, or
 * averaged absolute input gradients — as float arrays of 2,304 values per image, row-major.
 *
 * <h2>Order of operations, and why</h2>
 * <ol>
 *   <li><b>Per-image scale</b> ({@link InputScale}): the spatial gate ends in a sigmoid, so its maps are
 *       already in [0, 1] and are used {@linkplain InputScale#AS_IS as they are}. Gradient saliency has no
 *       fixed scale (and differs between images by orders of magnitude), so for it each map is first
 *       {@linkplain InputScale#PER_IMAGE_MAX divided by its own maximum}, which puts it in [0, 1] and
 *       gives every image the same vote.</li>
 *   <li><b>Sum</b> over the N images, in double precision (the method's "sum").</li>
 *   <li><b>Divide by N</b>. A sum of N maps in [0, 1] lies in [0, N]: over FER2013's 28,709 training
 *       images a fixed threshold of 0.5 would keep every pixel and mean nothing. Dividing by N is the one
 *       normalisation that keeps the sum's shape exactly (ratios, ordering, argmax — and so, after step 5,
 *       the very same features as the sum) while bringing values back to the scale of one map, where 0.5
 *       has a meaning: for the sigmoid gate, "on average the gate lets more than half of this pixel
 *       through". This reading of the method ({@link ThresholdScale#MEAN}) cuts far more than the authors'
 *       code, which compares the raw sum with the threshold ({@link ThresholdScale#SUM}, the experiments'
 *       default). Min-max scaling (step 5) gives the same features from the sum and from the mean, so the
 *       scale matters only for the cut.</li>
 *   <li><b>Threshold</b> (for gradient saliency, of the mean divided by its own maximum, since the mean of
 *       spiky gradient maps stays far below 0.5 everywhere and the cut would leave nothing): values below
 *       {@code threshold} (0.5) become 0; values at or above it are kept
 *       unchanged (not binarised), so the strength of attention still separates pixels.</li>
 *   <li><b>Min-max scale to [0, α]</b>: {@code (v − min) / (max − min) · α}. Whenever the threshold cut
 *       any pixel, min is 0, so this is {@code v / max · α}: the most attended pixel gets α and the cut
 *       ones 0. If the map is flat (max = min, e.g. no pixel reached the threshold) every value becomes
 *       0 and the clustering falls back to pixel position alone.</li>
 * </ol>
 * The scaled map has the same units as the coordinates (which are scaled to [0, β]), so α weighs
 * attention against position in the k-means distance.
 *
 * <p>Speed: the sum is a memory-bound pass over N × 9 kB; {@link #aggregate(float[], int)} splits it
 * over the common fork-join pool, each task summing its images into float lanes in blocks of
 * {@value #BLOCK} images (exact enough: at most 256 values ≤ 1 per lane) and then into doubles.
 */
public final class AttentionAggregator {
    private static final int PIXELS = FaceImage.PIXELS;
    /** Images summed in float before folding into the double totals. */
    static final int BLOCK = 256;
    /** Images per parallel task. */
    private static final int TASK_IMAGES = 2048;

    /** How each input map is scaled before it is summed. */
    public enum InputScale {
        /** Maps already in [0, 1] (the spatial gate's sigmoid output). */
        AS_IS,
        /** Each map divided by its maximum (for gradient saliency, whose scale is arbitrary). */
        PER_IMAGE_MAX
    }

    /** What the threshold is compared with. */
    public enum ThresholdScale {
        /**
         * The sum over the N images, as the authors' code does: with N ≥ 1 maps a cut at 0.5 removes only
         * pixels that (almost) no image attends to, so the clustering sees nearly the whole attention.
         */
        SUM,
        /** The mean map (the sum divided by N): 0.5 means "on average half the attention", a real cut. */
        MEAN;

        /** {@code sum} or {@code mean}, as experiments name it. */
        public static ThresholdScale parse(String name) {
            for (ThresholdScale scale : values()) {
                if (scale.name().equalsIgnoreCase(name)) {
                    return scale;
                }
            }
            throw new IllegalArgumentException("thresholdScale must be 'sum' (the authors' code) or 'mean', got '"
                    + name + "'");
        }
    }

    /**
     * @param threshold      attention below it becomes 0 (method: 0.5)
     * @param alpha          upper end of the scaled attention (method: 1.2)
     * @param inputScale     see {@link InputScale}
     * @param thresholdScale whether the threshold applies to the sum or to the mean map
     */
    public record Settings(double threshold, double alpha, InputScale inputScale, ThresholdScale thresholdScale) {
        public static final Settings DEFAULT = new Settings(0.5, 1.2, InputScale.AS_IS);

        /** Thresholding the mean map. */
        public Settings(double threshold, double alpha, InputScale inputScale) {
            this(threshold, alpha, inputScale, ThresholdScale.MEAN);
        }

        public Settings {
            Objects.requireNonNull(thresholdScale, "thresholdScale");
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be positive, got " + alpha);
            }
            if (Double.isNaN(threshold)) {
                throw new IllegalArgumentException("threshold must be a number");
            }
            Objects.requireNonNull(inputScale, "inputScale");
        }
    }

    /**
     * The result.
     *
     * @param mean   the mean map over the images (after the per-image scale), 2,304 values
     * @param scaled the clustering feature: {@code mean} thresholded and min-max scaled to [0, α]
     * @param images how many maps went in
     * @param kept   pixels at or above the threshold
     */
    public record Attention(float[] mean, float[] scaled, long images, int kept) {
    }

    private final Settings settings;

    public AttentionAggregator(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public AttentionAggregator() {
        this(Settings.DEFAULT);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Aggregates {@code count} maps stored back to back in {@code maps} (image {@code i} at
     * {@code [i * 2304, (i + 1) * 2304)}), in parallel.
     */
    public Attention aggregate(float[] maps, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one attention map is needed");
        }
        if ((long) count * PIXELS > maps.length) {
            throw new IllegalArgumentException(count + " maps need " + (long) count * PIXELS + " values, got " + maps.length);
        }
        int tasks = (count + TASK_IMAGES - 1) / TASK_IMAGES;
        double[] sum = IntStream.range(0, tasks).parallel()
                .mapToObj(t -> {
                    Accumulator part = accumulator();
                    int first = t * TASK_IMAGES;
                    part.add(maps, first, Math.min(TASK_IMAGES, count - first));
                    return part.sum;
                })
                .reduce(AttentionAggregator::addInto)
                .orElseThrow();
        return finish(sum, count);
    }

    /** A streaming sum, for sources that produce maps batch by batch (e.g. the attention model). */
    public Accumulator accumulator() {
        return new Accumulator();
    }

    /** Sums maps as they come; {@link #result()} applies the rest of the steps. Not thread-safe. */
    public final class Accumulator {
        private final double[] sum = new double[PIXELS];
        private final float[] block = new float[PIXELS];
        private long images;

        /** Adds one map of 2,304 values. */
        public Accumulator add(float[] map) {
            if (map.length != PIXELS) {
                throw new IllegalArgumentException("an attention map has " + PIXELS + " values, got " + map.length);
            }
            return add(map, 0, 1);
        }

        /** Adds maps {@code [first, first + count)} of a back-to-back array. */
        public Accumulator add(float[] maps, int first, int count) {
            if (first < 0 || count < 0 || (long) (first + count) * PIXELS > maps.length) {
                throw new IndexOutOfBoundsException("maps [" + first + ", " + (first + count) + ") are not in an array of "
                        + maps.length / PIXELS);
            }
            for (int start = first; start < first + count; start += BLOCK) {
                int end = Math.min(first + count, start + BLOCK);
                java.util.Arrays.fill(block, 0f);
                for (int i = start; i < end; i++) {
                    int offset = i * PIXELS;
                    if (settings.inputScale() == InputScale.PER_IMAGE_MAX) {
                        addScaled(maps, offset);
                    } else {
                        for (int p = 0; p < PIXELS; p++) {
                            block[p] += maps[offset + p];
                        }
                    }
                }
                for (int p = 0; p < PIXELS; p++) {
                    sum[p] += block[p];
                }
            }
            images += count;
            return this;
        }

        private void addScaled(float[] maps, int offset) {
            float max = 0f;
            for (int p = 0; p < PIXELS; p++) {
                max = Math.max(max, maps[offset + p]);
            }
            if (max > 0f) {
                float inverse = 1f / max;
                for (int p = 0; p < PIXELS; p++) {
                    block[p] += maps[offset + p] * inverse;
                }
            }
        }

        public long images() {
            return images;
        }

        /** Mean, threshold and scale of everything added so far. */
        public Attention result() {
            if (images == 0) {
                throw new IllegalStateException("no attention maps were added");
            }
            return finish(sum.clone(), images);
        }
    }

    private Attention finish(double[] sum, long images) {
        float[] mean = new float[PIXELS];
        double[] cut = new double[PIXELS];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int kept = 0;
        // gradient maps are spiky: their mean over many images stays far below 0.5 everywhere, so the
        // threshold is applied to the mean relative to its peak ("at least half the strongest attention")
        double peak = 0;
        for (int p = 0; p < PIXELS; p++) {
            peak = Math.max(peak, sum[p] / images);
        }
        double relative = settings.inputScale() == InputScale.PER_IMAGE_MAX && peak > 0 ? 1 / peak : 1;
        double onScale = settings.thresholdScale() == ThresholdScale.SUM ? 1 : 1.0 / images;
        for (int p = 0; p < PIXELS; p++) {
            mean[p] = (float) (sum[p] / images);
            double m = sum[p] * onScale * relative;
            double v = m < settings.threshold() ? 0 : m;
            kept += m < settings.threshold() ? 0 : 1;
            cut[p] = v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] scaled = new float[PIXELS];
        if (max > min) {
            double factor = settings.alpha() / (max - min);
            for (int p = 0; p < PIXELS; p++) {
                scaled[p] = (float) ((cut[p] - min) * factor);
            }
        }
        return new Attention(mean, scaled, images, kept);
    }

    private static double[] addInto(double[] a, double[] b) {
        for (int p = 0; p < a.length; p++) {
            a[p] += b[p];
        }
        return a;
    }
}
