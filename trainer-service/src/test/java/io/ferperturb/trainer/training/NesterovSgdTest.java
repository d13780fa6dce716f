package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ferperturb.models.Djl;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {

    @Test
    void twoStepsFollowPyTorchsNesterovRuleWithWeightDecay() {
        Djl.engine();
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray w = manager.create(new float[] {1f, -2f});
            NDArray g = manager.create(new float[] {0.5f, 0.25f});
            NesterovSgd sgd = NesterovSgd.builder()
                    .setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.1f))
                    .optMomentum(0.9f).optWeightDecays(0.01f).build();
            // step 1: d = g + wd·w = [0.51, 0.23]; b = d; w -= lr·(d + μ·b) = lr·1.9·d
            sgd.update("w", w, g);
            float[] w1 = {1f - 0.1f * 1.9f * 0.51f, -2f - 0.1f * 1.9f * 0.23f};
            assertArrayEquals(w1, w.toFloatArray(), 1e-6f);
            // step 2: d = g + wd·w1; b = μ·b + d; w -= lr·(d + μ·b)
            float[] d = {0.5f + 0.01f * w1[0], 0.25f + 0.01f * w1[1]};
            float[] b = {0.9f * 0.51f + d[0], 0.9f * 0.23f + d[1]};
            float[] w2 = {w1[0] - 0.1f * (d[0] + 0.9f * b[0]), w1[1] - 0.1f * (d[1] + 0.9f * b[1])};
            sgd.update("w", w, g);
            assertArrayEquals(w2, w.toFloatArray(), 1e-6f);
        }
    }
}
