package io.ferperturb.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Custom blocks save and load all their parameters: a reloaded model gives the same logits. */
class ArchitectureCheckpointTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "attention-cnn"})
    void savedAndReloadedModelGivesIdenticalOutputs(String architecture, @TempDir Path dir)
            throws IOException, MalformedModelException {
        float[] input = new float[3 * 48 * 48];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.37);
        }
        float[] before;
        try (Model model = ArchitectureFixtures.newModel(architecture);
                Trainer trainer = ArchitectureFixtures.newTrainer(model, 2, 48)) {
            // one step moves weights and batch-norm running statistics away from their initial values
            ArchitectureFixtures.trainSteps(trainer, 2, 48, 1);
            before = EmotionClassifier.forward(model, input, 3, 48);
            model.save(dir, architecture);
        }
        try (Model reloaded = ArchitectureFixtures.newModel(architecture)) {
            reloaded.load(dir, architecture);
            float[] after = EmotionClassifier.forward(reloaded, input, 3, 48);
            assertArrayEquals(before, after);
            try (NDManager manager = reloaded.getNDManager().newSubManager()) {
                assertEquals(new Shape(3, ArchitectureFixtures.CLASSES),
                        ArchitectureFixtures.infer(reloaded.getBlock(), manager.ones(new Shape(3, 1, 48, 48))).getShape());
            }
        }
    }
}
