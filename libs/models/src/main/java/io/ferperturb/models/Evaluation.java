package io.ferperturb.models;

import ai.djl.Model;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.domain.perturbation.RegionMasker;
import java.util.Arrays;

/**
 * A model's {@link Predictions} on a whole split, in inference mode: plainly, or with the paper's test-time
 * augmentation. The one implementation for every service that evaluates a checkpoint (the trainer after training,
 * experiments re-evaluating stored models), so that their numbers agree. A model trained on crops
 * ({@code side} < 48) answers for a face with its mean logits over the face's TenCrop.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** The logits of every face of {@code split}, {@code batchSize} faces a forward pass. */
    public static Predictions predict(Model model, SplitData split, Normalisation norm, int batchSize, int side) {
        int n = split.size();
        int[] truth = new int[n];
        float[][] logits = new float[n][];
        for (int start = 0; start < n; start += batchSize) {
            int count = Math.min(batchSize, n - start);
            float[] inputs = new float[count * FaceImage.PIXELS];
            for (int i = 0; i < count; i++) {
                FacePreprocessing.toInput(split.pixels(), split.pixelOffset(start + i), inputs, i * FaceImage.PIXELS, norm);
                truth[start + i] = split.label(start + i);
            }
            float[] flat = EmotionClassifier.logitsOfFaces(model, inputs, count, side);
            int classes = flat.length / count;
            for (int i = 0; i < count; i++) {
                logits[start + i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
        }
        return new Predictions(split.split().usage(), truth, logits);
    }

    /**
     * The paper's test-time augmentation: each face's logits are the sum of those of its k cluster-masked copies
     * and the original (one forward pass of k + 1 inputs per face), added in that order.
     */
    public static Predictions predictWithTta(Model model, SplitData split, Normalisation norm, RegionMasker masker,
            int side) {
        int n = split.size();
        int copies = masker.clusters() + 1;
        int[] truth = new int[n];
        float[][] logits = new float[n][];
        byte[] face = new byte[FaceImage.PIXELS];
        float[] inputs = new float[copies * FaceImage.PIXELS];
        for (int i = 0; i < n; i++) {
            System.arraycopy(split.pixels(), split.pixelOffset(i), face, 0, FaceImage.PIXELS);
            byte[] set = masker.testTimeSet(face);
            for (int c = 0; c < copies; c++) {
                FacePreprocessing.toInput(set, c * FaceImage.PIXELS, inputs, c * FaceImage.PIXELS, norm);
            }
            float[] flat = EmotionClassifier.logitsOfFaces(model, inputs, copies, side);
            int classes = flat.length / copies;
            float[] sum = new float[classes];
            for (int c = 0; c < copies; c++) {
                for (int j = 0; j < classes; j++) {
                    sum[j] += flat[c * classes + j];
                }
            }
            logits[i] = sum;
            truth[i] = split.label(i);
        }
        return new Predictions(split.split().usage(), truth, logits);
    }
}
