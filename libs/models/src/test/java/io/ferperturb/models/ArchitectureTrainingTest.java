package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every architecture trains: a few SGD steps on a tiny random batch give finite losses and move the weights. */
class ArchitectureTrainingTest {
    private static final int BATCH = 4;
    private static final int SIDE = 48;
    private static final int STEPS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "vgg16", "resnet18", "dpn26", "densenet121", "attention-cnn", "vgg16-gap", "resnet50", "resmasking"})
    void trainsAFewSteps(String architecture) {
        try (Model model = ArchitectureFixtures.newModel(architecture);
                Trainer trainer = ArchitectureFixtures.newTrainer(model, BATCH, SIDE)) {
            List<Parameter> trainable = ArchitectureFixtures.trainable(model.getBlock());
            Parameter first = trainable.get(0);
            Parameter last = trainable.get(trainable.size() - 1);
            float[] firstBefore = first.getArray().toFloatArray();
            float[] lastBefore = last.getArray().toFloatArray();

            float[] losses = ArchitectureFixtures.trainSteps(trainer, BATCH, SIDE, STEPS);

            for (float loss : losses) {
                assertTrue(Float.isFinite(loss), architecture + " losses " + Arrays.toString(losses));
            }
            assertFalse(Arrays.equals(firstBefore, first.getArray().toFloatArray()), first.getName() + " did not change");
            assertFalse(Arrays.equals(lastBefore, last.getArray().toFloatArray()), last.getName() + " did not change");
        }
    }
}
