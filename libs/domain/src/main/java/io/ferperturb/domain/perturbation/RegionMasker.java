package io.ferperturb.domain.perturbation;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.SplitData;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Applies a {@link ClusterMap}: the masked copy of a face with region {@code c} filled (black by
 * default, see {@link Fill}) and every other pixel unchanged. The one code path for making the
 * perturbed training set (perturb-service) and the test-time-augmentation set (trainer, servers).
 *
 * <p>Copy order, everywhere: for each image its {@code k} masked copies in label order (copy {@code c}
 * lacks region {@code c}), then the original if it is kept. So image {@code i}'s copy {@code j} sits at
 * position {@code i * copies + j} of a bulk output and keeps image {@code i}'s label.
 *
 * <p>Speed: built once per map, a masker holds per region a keep mask (0xFF where a pixel stays, 0 where
 * it is removed) and its complement as 64-bit words, and the list of removed pixel indices. A zero or
 * constant fill is then one branch-free pass over 288 words per copy, {@code dst = src & keep | fill & drop}
 * (8 pixels per operation; faster than a copy followed by a scatter of the removed pixels, and than the
 * same loop over bytes, which the JIT cannot vectorise because source and destination may alias); noise is a plain copy and a scatter over the index list. No per-pixel objects
 * anywhere. Bulk calls split the images over the common fork-join pool; the output does not depend on
 * the split.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RegionMasker {
    private static final int PIXELS = FaceImage.PIXELS;
    /**
     * Images per parallel task: 1,024 × (k+1) × 2.3 kB (9 MB at k = 3) of output, enough to amortise a
     * fork and small enough that the last tasks balance out over the cores (FER2013 gives 36 tasks).
     */
    private static final int CHUNK_IMAGES = 1024;
    private static final int WORDS = PIXELS / Long.BYTES;
    /** Eight pixels at a time; plain loads and stores once the JIT has compiled the access. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;

    private final ClusterMap map;
    private final int k;
    private final long[][] keep;
    private final long[][] drop;
    private final int[][] removed;

    public RegionMasker(ClusterMap map) {
        this.map = Objects.requireNonNull(map, "map");
        this.k = map.k();
        this.keep = new long[k][WORDS];
        this.drop = new long[k][WORDS];
        this.removed = new int[k][];
        for (int c = 0; c < k; c++) {
            removed[c] = map.pixelsOf(c);
            for (int p = 0; p < PIXELS; p++) {
                long bit = 0xFFL << (8 * (p % Long.BYTES)); // little-endian: byte p of the word
                if (map.label(p) == c) {
                    drop[c][p / Long.BYTES] |= bit;
                } else {
                    keep[c][p / Long.BYTES] |= bit;
                }
            }
        }
    }

    public ClusterMap map() {
        return map;
    }

    /** Number of regions, k. */
    public int clusters() {
        return k;
    }

    /** Images written per input image: k, plus one for the original. */
    public int copiesPerImage(boolean keepOriginal) {
        return keepOriginal ? k + 1 : k;
    }

    // ------------------------------------------------------------------------------------ one image

    /** The face without region {@code cluster}, filled with zeros. */
    public byte[] mask(byte[] face, int cluster) {
        return mask(face, cluster, Fill.zero());
    }

    /** The face without region {@code cluster}; noise is drawn as for image index 0. */
    public byte[] mask(byte[] face, int cluster, Fill fill) {
        checkFace(face);
        byte[] out = new byte[PIXELS];
        maskInto(face, 0, cluster, fill, 0, out, 0);
        return out;
    }

    /**
     * Writes one masked copy: the 2,304 pixels at {@code src[srcOffset…]} without region {@code cluster}
     * go to {@code dst[dstOffset…]}.
     *
     * @param imageIndex only seeds {@link Fill.Noise}; pass the image's index in its data set
     */
    public void maskInto(byte[] src, int srcOffset, int cluster, Fill fill, long imageIndex, byte[] dst, int dstOffset) {
        checkCluster(cluster);
        checkRange(src, srcOffset, PIXELS, "source");
        checkRange(dst, dstOffset, PIXELS, "destination");
        Objects.requireNonNull(fill, "fill");
        if (fill instanceof Fill.Noise noise) {
            noiseCopy(src, srcOffset, cluster, noise.seed(), imageIndex, dst, dstOffset);
        } else {
            blend(src, srcOffset, keep[cluster], drop[cluster], fillValue(fill, src, srcOffset), dst, dstOffset);
        }
    }

    /**
     * The test-time-augmentation set of one face: its k zero-filled masked copies in label order, then
     * the original, as one contiguous array of {@code (k+1) × 2,304} pixels (a batch of k+1 images).
     */
    public byte[] testTimeSet(byte[] face) {
        return testTimeSet(face, Fill.zero());
    }

    /** {@link #testTimeSet(byte[])} with another fill. */
    public byte[] testTimeSet(byte[] face, Fill fill) {
        checkFace(face);
        byte[] out = new byte[(k + 1) * PIXELS];
        maskRange(face, 0, 1, fill, true, out, 0, 0);
        return out;
    }

    /** {@link #testTimeSet(byte[])} as labelled images: k masked copies, then the original itself. */
    public FaceImage[] testTimeSet(FaceImage face) {
        byte[] set = testTimeSet(face.pixels());
        FaceImage[] out = new FaceImage[k + 1];
        for (int c = 0; c < k; c++) {
            byte[] pixels = new byte[PIXELS];
            System.arraycopy(set, c * PIXELS, pixels, 0, PIXELS);
            out[c] = new FaceImage(face.emotion(), face.split(), pixels);
        }
        out[k] = face;
        return out;
    }

    // ----------------------------------------------------------------------------------------- bulk

    /**
     * Every image of a split as its masked copies (and the original, if kept), labels repeated: a split
     * {@code copiesPerImage(keepOriginal)} times as large. Runs on the common fork-join pool.
     *
     * @throws IllegalArgumentException when the output would not fit one Java array (about 230,000
     *                                  input images at k = 3 with originals); split the input then
     */
    public SplitData maskAll(SplitData in, Fill fill, boolean keepOriginal) {
        int copies = copiesPerImage(keepOriginal);
        long outImages = (long) in.size() * copies;
        if (outImages * PIXELS > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(in.size() + " images × " + copies + " copies do not fit one array; "
                    + "mask the split in parts");
        }
        byte[] pixels = new byte[(int) outImages * PIXELS];
        byte[] labels = new byte[(int) outImages];
        maskAll(in.pixels(), in.labels(), in.size(), fill, keepOriginal, pixels, labels);
        return new SplitData(in.split(), labels, pixels);
    }

    /**
     * {@link #maskAll(SplitData, Fill, boolean)} into arrays the caller owns: images {@code [0, count)} of
     * {@code srcPixels} to {@code dstPixels} from its start, labels likewise ({@code dstLabels} may be null
     * when only pixels are wanted).
     */
    public void maskAll(byte[] srcPixels, byte[] srcLabels, int count, Fill fill, boolean keepOriginal,
                        byte[] dstPixels, byte[] dstLabels) {
        int copies = copiesPerImage(keepOriginal);
        checkRange(srcPixels, 0, (long) count * PIXELS, "source");
        checkRange(dstPixels, 0, (long) count * copies * PIXELS, "destination");
        Objects.requireNonNull(fill, "fill");
        int chunks = (count + CHUNK_IMAGES - 1) / CHUNK_IMAGES;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            int first = chunk * CHUNK_IMAGES;
            int n = Math.min(CHUNK_IMAGES, count - first);
            maskRange(srcPixels, first, n, fill, keepOriginal, dstPixels, (long) first * copies, 0);
            if (dstLabels != null) {
                for (int i = first; i < first + n; i++) {
                    byte label = srcLabels[i];
                    for (int j = 0; j < copies; j++) {
                        dstLabels[i * copies + j] = label;
                    }
                }
            }
        });
    }

    /**
     * The sequential kernel: images {@code [first, first + count)} of {@code src} (2,304 bytes each) to
     * {@code dst} from image slot {@code dstFirstImage}, {@code copiesPerImage(keepOriginal)} slots per image.
     *
     * @param indexBase added to each image's position to seed noise ({@link Fill.Noise})
     */
    public void maskRange(byte[] src, int first, int count, Fill fill, boolean keepOriginal,
                          byte[] dst, long dstFirstImage, long indexBase) {
        int copies = copiesPerImage(keepOriginal);
        checkRange(src, (long) first * PIXELS, (long) count * PIXELS, "source");
        checkRange(dst, dstFirstImage * PIXELS, (long) count * copies * PIXELS, "destination");
        int d = (int) (dstFirstImage * PIXELS);
        for (int i = first; i < first + count; i++) {
            int s = i * PIXELS;
            if (fill instanceof Fill.Noise noise) {
                for (int c = 0; c < k; c++, d += PIXELS) {
                    noiseCopy(src, s, c, noise.seed(), indexBase + i, dst, d);
                }
            } else {
                int value = fillValue(fill, src, s);
                for (int c = 0; c < k; c++, d += PIXELS) {
                    blend(src, s, keep[c], drop[c], value, dst, d);
                }
            }
            if (keepOriginal) {
                System.arraycopy(src, s, dst, d, PIXELS);
                d += PIXELS;
            }
        }
    }

    // -------------------------------------------------------------------------------------- kernels

    /** {@code dst = src & keep | value & drop} over one image, eight pixels per step. */
    private static void blend(byte[] src, int s, long[] keep, long[] drop, int value, byte[] dst, int d) {
        if (value == 0) {
            for (int w = 0; w < WORDS; w++) {
                WORD.set(dst, d + w * Long.BYTES, (long) WORD.get(src, s + w * Long.BYTES) & keep[w]);
            }
        } else {
            long v = (value & 0xFF) * ONES;
            for (int w = 0; w < WORDS; w++) {
                long pixels = (long) WORD.get(src, s + w * Long.BYTES);
                WORD.set(dst, d + w * Long.BYTES, pixels & keep[w] | v & drop[w]);
            }
        }
    }

    private void noiseCopy(byte[] src, int s, int cluster, long seed, long imageIndex, byte[] dst, int d) {
        System.arraycopy(src, s, dst, d, PIXELS);
        long state = mix64(mix64(seed ^ 0x5DEECE66DL) + imageIndex * 0x9E3779B97F4A7C15L + cluster + 1);
        int[] indices = removed[cluster];
        long bits = 0;
        for (int j = 0; j < indices.length; j++) {
            if ((j & 7) == 0) {
                state += 0x9E3779B97F4A7C15L;
                bits = mix64(state);
            }
            dst[d + indices[j]] = (byte) bits;
            bits >>>= 8;
        }
    }

    private static int fillValue(Fill fill, byte[] src, int s) {
        if (fill instanceof Fill.Zero) {
            return 0;
        }
        if (fill instanceof Fill.Constant constant) {
            return constant.value();
        }
        if (fill instanceof Fill.ImageMean) {
            return imageMean(src, s);
        }
        throw new IllegalArgumentException("no constant value for fill " + fill);
    }

    /**
     * Mean intensity of one image, rounded to the nearest integer. Sums eight pixels per step in 16-bit
     * lanes (four lanes, each taking two pixels per word), folded every 64 words before a lane can overflow.
     */
    static int imageMean(byte[] src, int s) {
        int sum = 0;
        for (int block = 0; block < WORDS; block += 64) {
            long lanes = 0;
            int end = Math.min(WORDS, block + 64);
            for (int w = block; w < end; w++) {
                long x = (long) WORD.get(src, s + w * Long.BYTES);
                lanes += (x & LOW_BYTES) + ((x >>> 8) & LOW_BYTES);
            }
            sum += (int) ((lanes & 0xFFFF) + ((lanes >>> 16) & 0xFFFF) + ((lanes >>> 32) & 0xFFFF) + (lanes >>> 48));
        }
        return (sum + PIXELS / 2) / PIXELS;
    }

    /** SplitMix64's finaliser. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------------------------- checks

    private void checkCluster(int cluster) {
        if (cluster < 0 || cluster >= k) {
            throw new IllegalArgumentException("cluster must be 0–" + (k - 1) + ", got " + cluster);
        }
    }

    private static void checkFace(byte[] face) {
        if (face == null || face.length != PIXELS) {
            throw new IllegalArgumentException("a face has " + PIXELS + " pixels, got "
                    + (face == null ? "none" : face.length));
        }
    }

    private static void checkRange(byte[] array, long offset, long length, String what) {
        Objects.requireNonNull(array, what);
        if (offset < 0 || length < 0 || offset + length > array.length) {
            throw new IndexOutOfBoundsException(what + " needs bytes [" + offset + ", " + (offset + length)
                    + ") but holds " + array.length);
        }
    }
}
