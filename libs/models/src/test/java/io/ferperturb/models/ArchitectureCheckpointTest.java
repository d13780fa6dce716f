package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.TenCrop;
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

    /**
     * A model trained on 40×40 crops is rebuilt from its factory and parameters alone (no initialisation at
     * 48), and its classifier answers a 48×48 face with the mean logits of the face's ten crops.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cnn", "resnet18"})
    void aCroppedModelReloadsAndClassifiesFacesByTheirTenCrop(String architecture, @TempDir Path dir)
            throws IOException, MalformedModelException {
        int side = 40;
        float[] faces = new float[2 * FaceImage.PIXELS];
        for (int i = 0; i < faces.length; i++) {
            faces[i] = (float) Math.sin(i * 0.11);
        }
        float[] crops = TenCrop.of(faces, 2, side);
        float[] before;
        try (Model model = ArchitectureFixtures.newModel(architecture);
                Trainer trainer = ArchitectureFixtures.newTrainer(model, 2, side)) {
            ArchitectureFixtures.trainSteps(trainer, 2, side, 1);
            before = EmotionClassifier.forward(model, crops, 20, side);
            model.save(dir, architecture);
        }
        try (Model reloaded = ArchitectureFixtures.newModel(architecture)) {
            reloaded.load(dir, architecture);
            assertArrayEquals(before, EmotionClassifier.forward(reloaded, crops, 20, side), 1e-5f);
            float[] perFace = EmotionClassifier.logitsOfFaces(reloaded, faces, 2, side);
            int classes = ArchitectureFixtures.CLASSES;
            assertEquals(2 * classes, perFace.length);
            for (int f = 0; f < 2; f++) {
                for (int j = 0; j < classes; j++) {
                    float sum = 0;
                    for (int c = 0; c < TenCrop.COUNT; c++) {
                        sum += before[(f * TenCrop.COUNT + c) * classes + j];
                    }
                    assertEquals(sum / TenCrop.COUNT, perFace[f * classes + j], 1e-4f, "face " + f + " class " + j);
                }
            }
        }
    }
}
