package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.models.saliency.InputGradients;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model in its serving form is folded, and keeps its weights frozen through saliency passes. */
class ServingFormTest {
    private static final int SIDE = 48;
    private static final Shape ONE_FACE = new Shape(1, SIDE, SIDE);

    @Test
    void theBatchNormsAreFolded() {
        try (Model model = initialised("cnn")) {
            ServingForm.prepare(model, ONE_FACE);
            model.getBlock().getParameters().keys().forEach(name ->
                    assertFalse(name.contains("running"), name + " is left of a batch norm"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "resnet18"})
    void weightsStayFrozenThroughSaliencyPassesWithTheSameGradients(String architecture) {
        try (Model model = initialised(architecture)) {
            float[] input = new float[2 * SIDE * SIDE];
            Random random = new Random(5);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextGaussian();
            }
            int[] targets = {2, -1};
            // folding's own precision is BatchNormFoldingTest's: here the folded model is the reference
            BatchNormFolding.foldForServing(model, ONE_FACE);
            float[][] folded = InputGradients.of(model, input, SIDE, targets);

            ServingForm.prepare(model, ONE_FACE);
            assertAllFrozen(model, architecture + " after prepare");
            float[][] served = InputGradients.of(model, input, SIDE, targets);

            assertAllFrozen(model, architecture + " after a saliency pass");
            for (int i = 0; i < targets.length; i++) {
                ArchitectureFixtures.assertClose(folded[i], served[i], 1e-6, 0, architecture + " input gradient " + i);
            }
        }
    }

    private static Model initialised(String architecture) {
        Model model = ArchitectureFixtures.newModel(architecture);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, SIDE, SIDE));
        return model;
    }

    private static void assertAllFrozen(Model model, String when) {
        model.getBlock().getParameters().forEach(p ->
                assertFalse(p.getValue().requiresGradient(), p.getKey() + " requires a gradient " + when));
    }
}
