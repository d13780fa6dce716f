package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/** Shared by the architecture tests: reference counts, parameter counting, tiny training runs. */
public final class ArchitectureFixtures {
    static final int CLASSES = 7;

    /**
     * Trainable parameters for 7 classes at 48×48 and 40×40 input, as printed by
     * {@code tools/bench/reference/architectures.py} (PyTorch {@code parameters()}, BN running statistics excluded).
     */
    static final Map<String, long[]> PYTORCH_PARAMETERS = Map.ofEntries(
            Map.entry("cnn", new long[] {1_274_599, 914_151}),
            Map.entry("vgg16", new long[] {33_649_607, 33_649_607}),
            Map.entry("resnet18", new long[] {11_171_271, 11_171_271}),
            Map.entry("dpn26", new long[] {11_566_391, 11_566_391}),
            Map.entry("densenet121", new long[] {6_952_071, 6_952_071}),
            Map.entry("attention-cnn", new long[] {1_274_699, 914_251}),
            Map.entry("vgg16-gap", new long[] {14_725_575, 14_725_575}),
            Map.entry("resnet50", new long[] {23_513_543, 23_513_543}),
            Map.entry("resmasking", new long[] {137_790_151, 137_790_151}));

    static final List<Integer> SIDES = List.of(48, 40);

    /**
     * The designs whose passes cost seconds on a CPU (resnet50's bottlenecks, resmasking's masking U-Nets). Their
     * parameter counts, logits against PyTorch and training steps are tested like every design's; the serving
     * checks, which repeat forward and backward passes many times, run on the others, built of the same layers.
     */
    static final Set<String> SLOW_ON_CPU = Set.of("resnet50", "resmasking");

    /** Every registered architecture but the {@link #SLOW_ON_CPU} ones. */
    static List<String> servingChecked() {
        return StreamSupport.stream(Architectures.names().spliterator(), false)
                .filter(name -> !SLOW_ON_CPU.contains(name)).toList();
    }

    /** The PyTorch reference of the designs, run from the module folder (surefire's working directory). */
    static final Path REFERENCE_SCRIPT = Path.of("..", "..", "tools", "bench", "reference", "architectures.py");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private ArchitectureFixtures() {
    }

    /** Whether Debian's PyTorch and the reference script are here; the comparisons with PyTorch skip otherwise. */
    static boolean pyTorchAvailable() {
        if (!Files.isExecutable(PYTHON) || !Files.isRegularFile(REFERENCE_SCRIPT)) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the reference script with {@code args}; returns its output, failing the test on a non-zero exit. */
    static String runReferenceScript(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), REFERENCE_SCRIPT.toString()));
        command.addAll(List.of(args));
        Process script = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(script.waitFor(120, TimeUnit.SECONDS), "reference script hung");
        assertEquals(0, script.exitValue(), output);
        return output;
    }

    /** The script's {@code key=value} lines, by their {@code name}. */
    static Map<String, Map<String, String>> parseReferenceLines(String output) {
        Map<String, Map<String, String>> byName = new HashMap<>();
        for (String line : output.strip().split("\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String field : line.strip().split(" ")) {
                String[] kv = field.split("=", 2);
                fields.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            byName.put(fields.get("name"), fields);
        }
        return byName;
    }

    static long referenceCount(String architecture, int side) {
        return PYTORCH_PARAMETERS.get(architecture)[SIDES.indexOf(side)];
    }

    /** Parameters that train: DJL's counterpart of PyTorch's {@code parameters()}. */
    static long trainableParameters(Block block) {
        long count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                count += p.getValue().getArray().getShape().size();
            }
        }
        return count;
    }

    static List<Parameter> trainable(Block block) {
        return block.getParameters().values().stream().filter(Parameter::requiresGradient).toList();
    }

    /** One inference-mode forward pass. */
    static NDArray infer(Block block, NDArray x) {
        Djl.noGradientsOnThisThread();
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    /** A model of the architecture, on the CPU, with the trainer's weight initialisation. */
    static Model newModel(String architecture) {
        Djl.engine().setRandomSeed(architecture.hashCode()); // the same weights whatever ran before in this JVM
        Model model = Model.newInstance(architecture, ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(Architectures.get(architecture).newBlock(CLASSES));
        model.getBlock().setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, 1f), Parameter.Type.WEIGHT);
        return model;
    }

    static Trainer newTrainer(Model model, int batch, int side) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()})
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build());
        Trainer trainer = model.newTrainer(config);
        trainer.initialize(new Shape(batch, 1, side, side));
        return trainer;
    }

    /** {@code steps} SGD steps on one random batch; returns the loss of each step. */
    static float[] trainSteps(Trainer trainer, int batch, int side, int steps) {
        Djl.noGradientsOnThisThread();
        float[] losses = new float[steps];
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray x = sub.randomNormal(new Shape(batch, 1, side, side));
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i % CLASSES;
            }
            NDArray y = sub.create(labels);
            for (int step = 0; step < steps; step++) {
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                    collector.backward(loss);
                    losses[step] = loss.getFloat();
                }
                trainer.step();
            }
        }
        return losses;
    }

    /**
     * The gradient of the sum of logit {@code target} over the batch with respect to the input that
     * {@code input} makes (in inference mode); flat, as laid out in the input.
     */
    static float[] inputGradient(Model model, java.util.function.Function<NDManager, NDArray> input, int target) {
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = input.apply(sub);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray logits = model.getBlock().forward(new ParameterStore(sub, false), new NDList(x), false).singletonOrThrow();
                collector.backward(logits.get(":, " + target).sum());
                return x.getGradient().toFloatArray();
            }
        }
    }

    /** Element-wise |expected − actual| ≤ relative × max|expected| + floor, naming the first element off. */
    public static void assertClose(float[] expected, float[] actual, double relative, double floor, String what) {
        double[] e = new double[expected.length];
        double[] a = new double[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected[i];
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        assertClose(e, a, relative, floor, what);
    }

    public static void assertClose(double[] expected, double[] actual, double relative, double floor, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double tolerance = relative * scale + floor;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]
                        + " (tolerance " + tolerance + ")");
            }
        }
    }
}
