package io.ferperturb.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Folding batch norms into the convolutions before them changes no number the services compute: logits and
 * input gradients of the folded serving block equal the trained block's, for every architecture (the
 * ones that fold and the ones kept as they are), with running statistics far from their initial values.
 */
class BatchNormFoldingTest {
    private static final int SIDE = 48;
    private static final int BATCH = 3;

    static Iterable<String> architectures() {
        return Architectures.names();
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void theFoldedBlockGivesTheSameLogitsAndInputGradients(String architecture) {
        try (Model model = ArchitectureFixtures.newModel(architecture);
                Trainer trainer = ArchitectureFixtures.newTrainer(model, 2, SIDE)) {
            ArchitectureFixtures.trainSteps(trainer, 2, SIDE, 1);
            randomiseNormStatistics(model.getBlock());
            float[] input = new float[BATCH * SIDE * SIDE];
            Random random = new Random(3);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            float[] logits = EmotionClassifier.forward(model, input, BATCH, SIDE);
            float[] gradient = inputGradient(model, input);

            boolean folded = BatchNormFolding.foldForServing(model, new Shape(1, SIDE, SIDE));

            if (architecture.equals("cnn") || architecture.equals("vgg16")) {
                assertTrue(folded, architecture + " should fold");
                assertFalse(containsNorm(model.getBlock()), architecture + " still has a batch norm after folding");
            }
            assertClose(logits, EmotionClassifier.forward(model, input, BATCH, SIDE), architecture + " logits");
            assertClose(gradient, inputGradient(model, input), architecture + " input gradient");
        }
    }

    /** Statistics and affine parameters far from 0 and 1, so that a wrong fold shows. */
    private static void randomiseNormStatistics(Block block) {
        Random random = new Random(11);
        for (var entry : block.getParameters()) {
            String name = entry.getKey();
            Parameter p = entry.getValue();
            NDArray a = p.getArray();
            float[] values = new float[(int) a.size()];
            for (int i = 0; i < values.length; i++) {
                if (name.endsWith("runningVar")) {
                    values[i] = 0.2f + 3 * random.nextFloat();
                } else if (name.endsWith("runningMean") || name.endsWith("beta")) {
                    values[i] = (float) random.nextGaussian();
                } else if (name.endsWith("gamma")) {
                    values[i] = 0.5f + random.nextFloat();
                } else {
                    break;
                }
            }
            if (name.endsWith("runningVar") || name.endsWith("runningMean") || name.endsWith("beta") || name.endsWith("gamma")) {
                a.set(values);
            }
        }
    }

    private static boolean containsNorm(Block block) {
        if (block instanceof BatchNorm) {
            return true;
        }
        if (block instanceof SequentialBlock) {
            return block.getChildren().values().stream().anyMatch(BatchNormFoldingTest::containsNorm);
        }
        return false;
    }

    private static float[] inputGradient(Model model, float[] input) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = Djl.images(sub, input, BATCH, SIDE);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray out = model.getBlock().forward(new ParameterStore(sub, false), new NDList(x), false).singletonOrThrow();
                collector.backward(out.get(":, 4").sum());
                return x.getGradient().toFloatArray();
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 1e-4 * scale + 1e-7;
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (tolerance " + tolerance + ")");
            }
        }
    }
}
