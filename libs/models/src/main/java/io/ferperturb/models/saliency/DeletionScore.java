package io.ferperturb.models.saliency;

import ai.djl.Model;
import io.ferperturb.models.EmotionClassifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Faithfulness by deletion (Petsiuk et al. 2018, "RISE"; the deletion half of pytorch-grad-cam's ROAD):
 * delete the {@code fraction} most salient pixels and measure how much the target class's probability
 * drops, against deleting as many pixels chosen at random (mean over {@code randomDraws} draws). A
 * faithful map makes the first drop larger: {@code score = salientDrop − randomDrop > 0}. A deleted pixel
 * takes the value of a blurred copy of the image (a 9×9 box mean), not black: scattered black pixels are
 * so far from any training face that random deletion would win for the wrong reason (ROAD's argument for
 * imputation). One inference pass over the original, the salient deletion and the random deletions.
 */
public record DeletionScore(double fraction, int randomDraws, long seed) {

    public DeletionScore {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the deleted fraction must be between 0 and 1, got " + fraction);
        }
        if (randomDraws < 1) {
            throw new IllegalArgumentException("randomDraws must be at least 1, got " + randomDraws);
        }
    }

    /** The probabilities behind the score. */
    public record Result(double fraction, double originalProbability, double salientDeletedProbability,
            double randomDeletedProbability) {
        public double salientDrop() {
            return originalProbability - salientDeletedProbability;
        }

        public double randomDrop() {
            return originalProbability - randomDeletedProbability;
        }

        /** Positive when deleting the salient pixels hurts more than deleting random ones. */
        public double score() {
            return salientDrop() - randomDrop();
        }
    }

    private static final int BLUR_RADIUS = 4;

    /**
     * @param image one normalised image (side × side)
     * @param map its relevance map (side × side, larger = more relevant)
     */
    public Result of(Model model, float[] image, float[] map, int side, int target) {
        int pixels = side * side;
        float[] fill = boxBlur(image, side, BLUR_RADIUS);
        int k = Math.max(1, (int) Math.round(fraction * pixels));
        float[] batch = new float[(2 + randomDraws) * pixels];
        System.arraycopy(image, 0, batch, 0, pixels);
        deleteInto(batch, pixels, image, mostSalient(map, k), fill);
        SplittableRandom random = new SplittableRandom(seed);
        for (int d = 0; d < randomDraws; d++) {
            deleteInto(batch, (2 + d) * pixels, image, randomPixels(pixels, k, random), fill);
        }
        float[] logits = EmotionClassifier.forward(model, batch, 2 + randomDraws, side);
        int classes = logits.length / (2 + randomDraws);
        double randomMean = 0;
        for (int d = 0; d < randomDraws; d++) {
            randomMean += probability(logits, (2 + d) * classes, classes, target) / randomDraws;
        }
        return new Result(fraction, probability(logits, 0, classes, target), probability(logits, classes, classes, target),
                randomMean);
    }

    private static void deleteInto(float[] batch, int offset, float[] image, int[] deleted, float[] fill) {
        System.arraycopy(image, 0, batch, offset, image.length);
        for (int p : deleted) {
            batch[offset + p] = fill[p];
        }
    }

    /** The mean over the (2r+1)² window around each pixel, clipped at the borders. */
    static float[] boxBlur(float[] image, int side, int r) {
        float[] out = new float[image.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double sum = 0;
                int count = 0;
                for (int yy = Math.max(0, y - r); yy <= Math.min(side - 1, y + r); yy++) {
                    for (int xx = Math.max(0, x - r); xx <= Math.min(side - 1, x + r); xx++) {
                        sum += image[yy * side + xx];
                        count++;
                    }
                }
                out[y * side + x] = (float) (sum / count);
            }
        }
        return out;
    }

    static int[] mostSalient(float[] map, int k) {
        return IntStream.range(0, map.length).boxed()
                .sorted(Comparator.comparingDouble((Integer p) -> map[p]).reversed())
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static int[] randomPixels(int pixels, int k, SplittableRandom random) {
        int[] order = IntStream.range(0, pixels).toArray();
        for (int i = 0; i < k; i++) { // partial Fisher–Yates: the first k are a uniform sample
            int j = i + random.nextInt(pixels - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Arrays.copyOf(order, k);
    }

    private static double probability(float[] logits, int offset, int classes, int target) {
        float[] row = Arrays.copyOfRange(logits, offset, offset + classes);
        EmotionClassifier.softmaxInPlace(row);
        return row[target];
    }
}
