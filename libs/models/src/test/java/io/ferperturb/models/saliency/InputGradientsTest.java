package io.ferperturb.models.saliency;

import static io.ferperturb.models.saliency.SaliencyFixtures.SIDE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.ferperturb.models.ArchitectureFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InputGradientsTest {

    @Test
    void theGradientOfALinearModelIsTheTargetsWeightRow() {
        try (Model model = SaliencyFixtures.model(new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(7).build()))) {
            float[] weight = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            int pixels = SIDE * SIDE;
            int[] targets = {3, 0, 6};
            float[][] gradients = InputGradients.of(model, SaliencyFixtures.faces(3, 1), SIDE, targets);
            for (int i = 0; i < targets.length; i++) {
                float[] row = java.util.Arrays.copyOfRange(weight, targets[i] * pixels, (targets[i] + 1) * pixels);
                assertArrayEquals(row, gradients[i], 1e-6f, "image " + i);
            }
        }
    }

    @Test
    void aBatchGivesTheSameMapsAsOneImageAtATimeAndPredictedMeansTheArgMax() {
        try (Model model = SaliencyFixtures.model("cnn")) {
            int n = 5;
            float[] batch = SaliencyFixtures.faces(n, 2);
            int[] predicted = new int[n];
            java.util.Arrays.fill(predicted, -1);
            InputGradients.Batch together = InputGradients.compute(model, batch, SIDE, predicted);
            int pixels = SIDE * SIDE;
            for (int i = 0; i < n; i++) {
                float[] one = java.util.Arrays.copyOfRange(batch, i * pixels, (i + 1) * pixels);
                int expected = Targets.resolve(model, one, SIDE, new int[] {-1})[0];
                assertEquals(expected, together.targets()[i]);
                float[][] alone = InputGradients.of(model, one, SIDE, new int[] {expected});
                // layouts round differently in float32 (see moreImagesThanOnePassHoldsAreSplitIntoPasses)
                ArchitectureFixtures.assertClose(alone[0], together.gradients()[i], 0.02, 0, "image " + i);
            }
        }
    }

    @Test
    void moreImagesThanOnePassHoldsAreSplitIntoPasses() {
        try (Model model = SaliencyFixtures.model("cnn")) {
            int n = GradientPass.MAX_ROWS + 3;
            float[] batch = SaliencyFixtures.faces(n, 3);
            int[] targets = new int[n];
            float[][] gradients = InputGradients.of(model, batch, SIDE, targets);
            assertEquals(n, gradients.length);
            float[] last = java.util.Arrays.copyOfRange(batch, (n - 1) * SIDE * SIDE, n * SIDE * SIDE);
            float[] alone = InputGradients.of(model, last, SIDE, new int[] {0})[0];
            // a pass of 3 rows (channels-last) and one of a single row (plain layout) round differently in float32,
            // by up to about 1 % of the largest value for a random cnn; another image's gradient is off by far more
            ArchitectureFixtures.assertClose(alone, gradients[n - 1], 0.02, 0, "the last image");
        }
    }

    @Test
    void weightsAreFrozenOnlyDuringThePass() {
        try (Model model = SaliencyFixtures.model("cnn")) {
            List<Boolean> before = requiresGradient(model);
            InputGradients.of(model, SaliencyFixtures.faces(1, 4), SIDE, new int[] {2});
            assertEquals(before, requiresGradient(model));
            assertTrue(before.contains(true));
        }
    }

    @Test
    void concurrentCallersQueueForTheGradientCollector() throws Exception {
        try (Model model = SaliencyFixtures.model("cnn")) {
            float[] batch = SaliencyFixtures.faces(4, 5);
            int[] targets = {1, 2, 3, 4};
            float[][] expected = new VanillaGradient().maps(model, batch, SIDE, targets);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[][]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> new VanillaGradient().maps(model, batch, SIDE, targets)));
                }
                for (Future<float[][]> f : results) {
                    float[][] maps = f.get();
                    for (int i = 0; i < expected.length; i++) {
                        assertArrayEquals(expected[i], maps[i], 1e-5f);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<Boolean> requiresGradient(Model model) {
        return model.getBlock().getParameters().values().stream().map(Parameter::requiresGradient).toList();
    }
}
