package io.ferperturb.core.model;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.core.saliency.InputGradients;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model in its serving form keeps its weights frozen through saliency passes, with the same input gradients. */
class ServingFormTest {
    private static final int SIDE = 48;

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "resnet18"})
    void weightsStayFrozenAndInputGradientsUnchanged(String architecture) {
        try (Model model = ArchitectureFixtures.newModel(architecture)) {
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, SIDE, SIDE));
            float[] input = new float[2 * SIDE * SIDE];
            Random random = new Random(5);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            int[] targets = {2, -1};
            float[][] before = InputGradients.of(model, input, SIDE, targets);

            ServingForm.prepare(model, new Shape(1, SIDE, SIDE));
            assertAllFrozen(model, architecture + " after prepare");
            float[][] after = InputGradients.of(model, input, SIDE, targets);

            assertAllFrozen(model, architecture + " after a saliency pass");
            for (int i = 0; i < targets.length; i++) {
                ArchitectureFixtures.assertClose(before[i], after[i], 1e-4, 1e-7, architecture + " input gradient " + i);
            }
        }
    }

    private static void assertAllFrozen(Model model, String when) {
        model.getBlock().getParameters().forEach(p ->
                assertFalse(p.getValue().requiresGradient(), p.getKey() + " requires a gradient " + when));
    }
}
