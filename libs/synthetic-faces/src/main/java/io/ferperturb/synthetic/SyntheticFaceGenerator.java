package io.ferperturb.synthetic;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Split;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Procedural FER2013-like faces (48×48 greyscale, seven emotions) for tests, demos and benchmarks, since
 * FER2013 itself cannot be shipped. Each face is drawn from random identity, pose, lighting and noise,
 * and its emotion from the cues people read (brows, eye opening, mouth curve and opening), sampled from
 * overlapping per-class distributions so the task is learnable but not trivial. Hiding nose and mouth
 * hurts mouth-driven classes (happy above all) far more than brow-driven ones (angry).
 *
 * <p>Determinism: a face depends only on (seed, emotion, index); its random stream is derived from those
 * three by hashing, and all transcendental maths uses {@link StrictMath}, so output is byte-identical
 * across runs, thread counts and platforms.
 */
public final class SyntheticFaceGenerator {
    private final long seed;

    public SyntheticFaceGenerator(long seed) {
        this.seed = seed;
    }

    /** The 2,304 pixels of face number {@code faceIndex} of the given class. */
    public byte[] draw(Emotion emotion, long faceIndex) {
        return FacePainter.paint(parameters(emotion, faceIndex));
    }

    /** The parameters {@link #draw} renders, for inspection. */
    public FaceParameters parameters(Emotion emotion, long faceIndex) {
        Objects.requireNonNull(emotion, "emotion");
        return FaceParameters.sample(emotion, new RandomDraws(faceRandom(emotion, faceIndex)));
    }

    /** {@link #draw} wrapped as a labelled image; the split is only a label and does not change the pixels. */
    public FaceImage face(Emotion emotion, Split split, long faceIndex) {
        return new FaceImage(emotion.index(), split, draw(emotion, faceIndex));
    }

    /**
     * A whole data set, ordered by split (Training, PublicTest, PrivateTest), then class in label order,
     * then face index. Of each class's faces, indices [0, 80 %) are Training, the next 10 % PublicTest
     * and the last 10 % PrivateTest (see {@link #splitCounts}). The stream is sequential; faces are
     * independent, so {@code .parallel()} speeds it up without changing content or encounter order.
     */
    public Stream<FaceImage> dataset(int perClass, Imbalance imbalance) {
        int[] counts = classCounts(perClass, imbalance);
        int[][] splits = new int[Emotion.COUNT][];
        for (int c = 0; c < Emotion.COUNT; c++) {
            splits[c] = splitCounts(counts[c]);
        }
        int segments = Split.values().length * Emotion.COUNT;
        int[] segmentStart = new int[segments + 1];
        int[] firstIndex = new int[segments];
        for (int s = 0; s < segments; s++) {
            int split = s / Emotion.COUNT;
            int emotion = s % Emotion.COUNT;
            for (int earlier = 0; earlier < split; earlier++) {
                firstIndex[s] += splits[emotion][earlier];
            }
            segmentStart[s + 1] = segmentStart[s] + splits[emotion][split];
        }
        return IntStream.range(0, segmentStart[segments]).mapToObj(k -> {
            int s = Arrays.binarySearch(segmentStart, k);
            s = s >= 0 ? s : -s - 2;
            while (segmentStart[s + 1] == k) {
                s++; // skip empty segments that start at the same position
            }
            return face(Emotion.of(s % Emotion.COUNT), Split.values()[s / Emotion.COUNT],
                    firstIndex[s] + (long) (k - segmentStart[s]));
        });
    }

    /** Faces per class, in {@link Emotion} order; see {@link Imbalance}. */
    public static int[] classCounts(int perClass, Imbalance imbalance) {
        return imbalance.classCounts(perClass);
    }

    /** FER2013's 80/10/10 division of one class's {@code count} faces: {Training, PublicTest, PrivateTest}. */
    public static int[] splitCounts(int count) {
        int publicTest = Math.round(count * 0.1f);
        int privateTest = Math.round(count * 0.1f);
        return new int[] {count - publicTest - privateTest, publicTest, privateTest};
    }

    private SplittableRandom faceRandom(Emotion emotion, long faceIndex) {
        long h = mix64(seed ^ 0x6A09E667F3BCC909L);
        h = mix64(h + (emotion.index() + 1) * 0x9E3779B97F4A7C15L);
        h = mix64(h ^ (faceIndex * 0xD1B54A32D192ED03L + 0x3C6EF372FE94F82BL));
        return new SplittableRandom(h);
    }

    /** MurmurHash3's 64-bit finaliser: spreads every input bit over the output. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
