package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL blocks compute the same function as the PyTorch designs of {@code tools/bench/reference/architectures.py}:
 * every DJL parameter (batch-norm running statistics included, after a training step) is copied into the
 * PyTorch model in order, and both give the same logits in inference mode. Skipped without Debian's PyTorch.
 */
class PyTorchEquivalenceTest {
    private static final int BATCH = 2;
    private static final int SIDE = 48;

    @Test
    void everyArchitectureGivesPyTorchsLogitsWithTheSameWeights(@TempDir Path dir)
            throws IOException, InterruptedException {
        assumeTrue(ArchitectureFixtures.pyTorchAvailable(), "no PyTorch under /usr/bin/python3");
        float[] input = new float[BATCH * SIDE * SIDE];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.61) + (float) Math.cos(i * 0.013);
        }
        for (String architecture : ArchitectureFixtures.PYTORCH_PARAMETERS.keySet()) {
            try (Model model = ArchitectureFixtures.newModel(architecture);
                    Trainer trainer = ArchitectureFixtures.newTrainer(model, BATCH, SIDE)) {
                ArchitectureFixtures.trainSteps(trainer, BATCH, SIDE, 1); // non-trivial running statistics
                List<Parameter> all = model.getBlock().getParameters().values();
                writeFloats(dir.resolve(architecture + ".params.f32"),
                        all.stream().map(p -> p.getArray().toFloatArray()).toList());
                writeFloats(dir.resolve(architecture + ".input.f32"), List.of(input));
                writeFloats(dir.resolve(architecture + ".logits.f32"),
                        List.of(EmotionClassifier.forward(model, input, BATCH, SIDE)));
            }
        }

        Map<String, Map<String, String>> compared =
                ArchitectureFixtures.parseReferenceLines(ArchitectureFixtures.runReferenceScript("--compare", dir.toString()));
        assertEquals(ArchitectureFixtures.PYTORCH_PARAMETERS.keySet(), compared.keySet());
        compared.forEach((name, fields) -> {
            assertTrue(fields.containsKey("maxdiff"), name + ": " + fields);
            double diff = Double.parseDouble(fields.get("maxdiff"));
            double scale = Double.parseDouble(fields.get("scale"));
            assertTrue(diff <= 1e-4 * scale + 1e-6, name + ": logits differ by " + diff + " (scale " + scale + ")");
        });
    }

    private static void writeFloats(Path file, List<float[]> arrays) throws IOException {
        int n = arrays.stream().mapToInt(a -> a.length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] array : arrays) {
            buffer.asFloatBuffer().put(array);
            buffer.position(buffer.position() + 4 * array.length);
        }
        Files.write(file, buffer.array());
    }
}
