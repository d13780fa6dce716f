package io.ferperturb.domain.metrics;

import io.ferperturb.domain.event.EvaluationResult;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A model's answer for every image of one split, image by image: what any metric, paired test or ensemble of
 * that evaluation can be recomputed from without the model. Stored as JSON next to a checkpoint
 * ({@code {"split": "PrivateTest", "truth": [3, 0, …], "logits": [[…7 floats…], …]}}), images in the order of
 * the split in its dataset.
 *
 * @param split  the split's name (its {@code Usage}, e.g. {@code PrivateTest})
 * @param truth  class index of image {@code i}
 * @param logits the model's logits of image {@code i}, one per class; for test-time augmentation their sum
 *               over the image's copies, so that the largest is the prediction either way
 */
public record Predictions(String split, int[] truth, float[][] logits) {

    public Predictions {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(logits, "logits");
        if (truth.length != logits.length) {
            throw new IllegalArgumentException(truth.length + " truths but " + logits.length + " rows of logits");
        }
        for (int i = 1; i < logits.length; i++) {
            if (logits[i].length != logits[0].length) {
                throw new IllegalArgumentException("image " + i + " has " + logits[i].length + " logits, image 0 has "
                        + logits[0].length);
            }
        }
    }

    /** Number of images. */
    public int size() {
        return truth.length;
    }

    /** The predicted class of each image: the index of its largest logit (the first, on a tie). */
    public int[] predicted() {
        return ClassificationMetrics.argmax(logits);
    }

    /** Whether each image is classified correctly. */
    public boolean[] correct() {
        int[] predicted = predicted();
        boolean[] correct = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            correct[i] = predicted[i] == truth[i];
        }
        return correct;
    }

    /** Accuracy, balanced accuracy, macro-F1, per-class figures and confusion matrix of these predictions. */
    public EvaluationResult evaluate(List<String> classes) {
        return ClassificationMetrics.evaluate(split, truth, predicted(), classes);
    }

    /**
     * The logits of several models (or several inputs) on the same images added image by image, as an ensemble
     * or a test-time augmentation sums them.
     *
     * @throws IllegalArgumentException when the list is empty, or the predictions are not of the same images
     *                                  (another split, other truths) or not over the same classes
     */
    public static Predictions sum(List<Predictions> predictions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("there are no predictions to sum");
        }
        Predictions first = predictions.get(0);
        int classes = first.size() == 0 ? 0 : first.logits[0].length;
        float[][] sum = new float[first.size()][classes];
        for (int m = 0; m < predictions.size(); m++) {
            Predictions p = predictions.get(m);
            if (!Objects.equals(p.split, first.split) || !Arrays.equals(p.truth, first.truth)) {
                throw new IllegalArgumentException("predictions " + m + " are not of the same images as predictions 0 ("
                        + p.split + ", " + p.size() + " images against " + first.split + ", " + first.size()
                        + " images, or their truths differ), so their logits cannot be summed image by image");
            }
            if (p.size() > 0 && p.logits[0].length != classes) {
                throw new IllegalArgumentException("predictions " + m + " have " + p.logits[0].length
                        + " logits an image, predictions 0 have " + classes);
            }
            for (int i = 0; i < sum.length; i++) {
                for (int j = 0; j < classes; j++) {
                    sum[i][j] += p.logits[i][j];
                }
            }
        }
        return new Predictions(first.split, first.truth.clone(), sum);
    }

    /** Equal when the split, the truths and every logit are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Predictions p && Objects.equals(split, p.split) && Arrays.equals(truth, p.truth)
                && Arrays.deepEquals(logits, p.logits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(split, Arrays.hashCode(truth), Arrays.deepHashCode(logits));
    }

    @Override
    public String toString() {
        return "Predictions[" + split + ", " + truth.length + " images]";
    }
}
