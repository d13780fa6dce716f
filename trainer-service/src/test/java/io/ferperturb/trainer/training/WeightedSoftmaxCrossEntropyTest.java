package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.ferperturb.models.Djl;
import org.junit.jupiter.api.Test;

/** The weighted loss against a hand-worked example with PyTorch's {@code CrossEntropyLoss(weight=w)} semantics. */
class WeightedSoftmaxCrossEntropyTest {
    /**
     * Three images, three classes, weights (1, 3, 0.5):
     * image 0, logits (0, 0, 0), class 0: p = 1/3, −log p = ln 3, weight 1;
     * image 1, logits (0, ln 2, 0), class 1: p = 2/4, −log p = ln 2, weight 3;
     * image 2, logits (ln 3, 0, 0), class 2: p = 1/5, −log p = ln 5, weight 0.5.
     * Loss = (ln 3 + 3 ln 2 + 0.5 ln 5) / (1 + 3 + 0.5) ≈ 0.885061.
     */
    private static final float[][] LOGITS = {{0, 0, 0}, {0, (float) Math.log(2), 0}, {(float) Math.log(3), 0, 0}};
    private static final int[] LABELS = {0, 1, 2};
    private static final float[] WEIGHTS = {1, 3, 0.5f};

    @Test
    void theLossIsTheWeightedMeanOfTheImagesNegativeLogLikelihoods() {
        try (NDManager manager = NDManager.newBaseManager(Djl.engine().getEngineName())) {
            float loss = evaluate(new WeightedSoftmaxCrossEntropy(WEIGHTS), manager, LOGITS).getFloat();
            double expected = (Math.log(3) + 3 * Math.log(2) + 0.5 * Math.log(5)) / 4.5;
            assertEquals(0.885061, expected, 1e-6);
            assertEquals(expected, loss, 1e-6);
        }
    }

    @Test
    void itsGradientIsEachImagesWeightTimesSoftmaxMinusTruthOverTheTotalWeight() {
        try (NDManager manager = NDManager.newBaseManager(Djl.engine().getEngineName())) {
            NDArray logits = manager.create(LOGITS);
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray loss = new WeightedSoftmaxCrossEntropy(WEIGHTS).evaluate(
                        new NDList(manager.create(LABELS)), new NDList(logits));
                collector.backward(loss);
            }
            float[] gradient = logits.getGradient().toFloatArray();
            float third = 1 / 3f;
            assertArrayEquals(new float[] {
                    (third - 1) / 4.5f, third / 4.5f, third / 4.5f,
                    3 * 0.25f / 4.5f, 3 * (0.5f - 1) / 4.5f, 3 * 0.25f / 4.5f,
                    0.5f * 0.6f / 4.5f, 0.5f * 0.2f / 4.5f, 0.5f * (0.2f - 1) / 4.5f}, gradient, 1e-6f);
        }
    }

    @Test
    void equalWeightsGiveThePlainCrossEntropy() {
        try (NDManager manager = NDManager.newBaseManager(Djl.engine().getEngineName())) {
            float weighted = evaluate(new WeightedSoftmaxCrossEntropy(new float[] {2, 2, 2}), manager, LOGITS).getFloat();
            float plain = evaluate(Loss.softmaxCrossEntropyLoss(), manager, LOGITS).getFloat();
            assertEquals((Math.log(3) + Math.log(2) + Math.log(5)) / 3, plain, 1e-6);
            assertEquals(plain, weighted, 1e-6);
        }
    }

    @Test
    void balancedWeightsAreNOverKTimesEachCountAndZeroForAClassWithoutImages() {
        byte[] labels = {0, 0, 0, 1};
        assertArrayEquals(new float[] {4f / 9, 4f / 3, 0}, ClassWeights.balanced(labels, 3), 1e-7f);
        assertEquals(4f / 9 + 4f / 9 + 4f / 3, ClassWeights.of(new int[] {0, 0, 1, 2}, 0, 4,
                ClassWeights.balanced(labels, 3)), 1e-6);
    }

    private static NDArray evaluate(Loss loss, NDManager manager, float[][] logits) {
        return loss.evaluate(new NDList(manager.create(LABELS)), new NDList(manager.create(logits)));
    }
}
