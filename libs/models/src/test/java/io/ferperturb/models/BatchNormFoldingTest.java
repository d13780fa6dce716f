package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.Trainer;
import java.util.List;
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

    static List<String> architectures() {
        return ArchitectureFixtures.servingChecked();
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
            float[] gradient = ArchitectureFixtures.inputGradient(model, m -> Djl.images(m, input, BATCH, SIDE), 4);

            boolean folded = BatchNormFolding.foldForServing(model, new Shape(1, SIDE, SIDE));

            if (architecture.equals("cnn") || architecture.equals("vgg16-gap")) {
                assertTrue(folded, architecture + " should fold");
                assertFalse(containsNorm(model.getBlock()), architecture + " still has a batch norm after folding");
            }
            ArchitectureFixtures.assertClose(logits, EmotionClassifier.forward(model, input, BATCH, SIDE), 1e-4, 1e-7,
                    architecture + " logits");
            // input gradients of deep nets cancel heavily: a folded weight rounds differently in float32 by up to
            // ~1e-3 of the largest value (dpn26); a wrong fold moves the logits above, and these by far more
            ArchitectureFixtures.assertClose(gradient,
                    ArchitectureFixtures.inputGradient(model, m -> Djl.images(m, input, BATCH, SIDE), 4), 3e-3, 1e-7,
                    architecture + " input gradient");
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
}
