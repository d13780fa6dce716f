package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Djl#images} hands the models a channels-last view so that libtorch picks faster kernels; it must
 * not change any number a service computes: inference logits, input gradients (saliency) and the weight
 * gradients of a training step (dropout seeded alike) agree with the plain NCHW array for every architecture.
 */
class ChannelsLastInputTest {
    private static final int BATCH = 3;
    private static final int SIDE = 40;

    static List<String> architectures() {
        return ArchitectureFixtures.servingChecked();
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void theChannelsLastViewComputesWhatThePlainArrayComputes(String architecture) {
        float[] input = new float[BATCH * SIDE * SIDE];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.011));
        }
        try (Model model = ArchitectureFixtures.newModel(architecture);
                Trainer trainer = ArchitectureFixtures.newTrainer(model, BATCH, SIDE)) {
            ArchitectureFixtures.trainSteps(trainer, BATCH, SIDE, 1); // non-trivial running statistics
            BiFunction<NDManager, float[], NDArray> plain = (m, v) -> m.create(v, new Shape(BATCH, 1, SIDE, SIDE));
            BiFunction<NDManager, float[], NDArray> channelsLast = (m, v) -> Djl.images(m, v, BATCH, SIDE);
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray view = channelsLast.apply(sub, input);
                assertEquals(new Shape(BATCH, 1, SIDE, SIDE), view.getShape());
                assertArrayEquals(input, view.toFloatArray());
            }

            ArchitectureFixtures.assertClose(ArchitectureFixtures.inputGradient(model, m -> plain.apply(m, input), 2),
                    ArchitectureFixtures.inputGradient(model, m -> channelsLast.apply(m, input), 2), 1e-3, 1e-7,
                    architecture + " input gradient");
            ArchitectureFixtures.assertClose(EmotionClassifier.forward(model, input, BATCH, SIDE),
                    logits(model, plain, input), 1e-3, 1e-7, architecture + " logits");
        }
        // Training-mode weight gradients in float32 differ by up to about 1% between the layouts (PyTorch's own
        // do too: batch statistics of 3 images amplify the rounding of a different summation order), so they
        // are compared in float64, on the same channels-last view that Djl.images builds.
        double[] wide = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            wide[i] = input[i];
        }
        try (Model model = ArchitectureFixtures.newModel(architecture)) {
            model.setDataType(DataType.FLOAT64);
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT64, new Shape(BATCH, 1, SIDE, SIDE));
            List<double[]> plainGrads = trainingGradients(model, m -> m.create(wide, new Shape(BATCH, 1, SIDE, SIDE)));
            List<double[]> lastGrads = trainingGradients(model,
                    m -> m.create(wide, new Shape(BATCH, SIDE, SIDE, 1)).transpose(0, 3, 1, 2));
            for (int i = 0; i < plainGrads.size(); i++) {
                ArchitectureFixtures.assertClose(plainGrads.get(i), lastGrads.get(i), 1e-9, 1e-12,
                        architecture + " weight gradient " + i);
            }
        }
    }

    private static float[] logits(Model model, BiFunction<NDManager, float[], NDArray> layout, float[] input) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            return ArchitectureFixtures.infer(model.getBlock(), layout.apply(sub, input)).toFloatArray();
        }
    }

    /** Weight gradients of a training-mode forward (batch statistics, dropout seeded the same) and backward. */
    private static List<double[]> trainingGradients(Model model, Function<NDManager, NDArray> layout) {
        List<double[]> gradients = new ArrayList<>();
        for (Parameter p : ArchitectureFixtures.trainable(model.getBlock())) {
            p.getArray().getGradient().muli(0); // earlier backward passes accumulated into them
        }
        try (NDManager sub = model.getNDManager().newSubManager()) {
            Engine.getInstance().setRandomSeed(7);
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray logits = model.getBlock().forward(new ParameterStore(sub, false), new NDList(layout.apply(sub)), true)
                        .singletonOrThrow();
                collector.backward(logits.logSoftmax(1).get(":, 1").neg().mean());
                for (Parameter p : ArchitectureFixtures.trainable(model.getBlock())) {
                    gradients.add(p.getArray().getGradient().toDoubleArray());
                }
            }
        }
        return gradients;
    }
}
