package io.ferperturb.models.saliency;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ferperturb.models.Djl;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One batched backward pass: the gradient of the sum of each row's target logit with respect to the
 * block's input. Rows are independent in inference mode (batch norm on running statistics), so that sum's
 * gradient holds every row's own map. DJL allows one open {@link GradientCollector} per JVM: every pass
 * in this package takes {@link #LOCK} (fair, so concurrent requests queue in arrival order), waiting at most
 * {@link GradientPasses#lockWait()} ({@link GradientLockTimeoutException} after that). The weights
 * are frozen for the pass, so libtorch computes only the gradients that lead to the input, and restored
 * afterwards (a model may be trained further by its owner).
 */
final class GradientPass {
    /** Inputs per backward pass: bounds native memory whatever the number of maps asked for. */
    static final int MAX_ROWS = 64;

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private GradientPass() {
    }

    /** What one pass returns: the input's gradient (flat, as laid out in the input), logits and the targets used. */
    record Result(float[] gradient, float[] logits, int[] targets) {
    }

    /**
     * Gradient of {@code block} at {@code input} (a leaf made here from {@code values} with {@code shape});
     * {@code targets[i] < 0} means row i's own arg-max, chosen inside the same pass.
     */
    static Result run(Model model, Block block, float[] values, Shape shape, int[] targets) {
        lock();
        List<Parameter> frozen = new ArrayList<>();
        try (NDManager sub = model.getNDManager().newSubManager()) {
            freezeWeights(block, frozen);
            NDArray x = Djl.images(sub, values, (int) shape.get(0), (int) shape.get(2));
            x.setRequiresGradient(true);
            try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                NDArray logits = block.forward(new ParameterStore(sub, false), new NDList(x), false).singletonOrThrow();
                int[] used = resolve(targets, logits);
                collector.backward(logits.mul(oneHot(sub, used, (int) logits.getShape().get(1))).sum());
                return new Result(x.getGradient().toFloatArray(), logits.toFloatArray(), used);
            }
        } finally {
            restore(frozen);
            Djl.noGradientsOnThisThread();
            LOCK.unlock();
        }
    }

    /**
     * Runs {@code work} holding the lock with the weights frozen; for passes that are not a plain input
     * gradient (Grad-CAM differentiates with respect to an inner activation).
     */
    static <T> T locked(Block block, Function<Void, T> work) {
        lock();
        List<Parameter> frozen = new ArrayList<>();
        try {
            freezeWeights(block, frozen);
            return work.apply(null);
        } finally {
            restore(frozen);
            Djl.noGradientsOnThisThread();
            LOCK.unlock();
        }
    }

    /** Takes the lock, or gives up after the configured wait. */
    private static void lock() {
        Duration wait = GradientPasses.lockWait();
        boolean locked;
        try {
            locked = LOCK.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            throw new GradientLockTimeoutException("the server is busy computing other saliency maps and waited "
                    + wait.toSeconds() + " s for its turn; retry later", (int) Math.max(1, Math.min(60, wait.toSeconds())));
        }
    }

    static int[] resolve(int[] targets, NDArray logits) {
        int[] used = targets.clone();
        boolean anyPredicted = false;
        for (int t : targets) {
            anyPredicted |= t < 0;
        }
        if (anyPredicted) {
            long[] argmax = logits.argMax(1).toLongArray();
            for (int i = 0; i < used.length; i++) {
                if (used[i] < 0) {
                    used[i] = (int) argmax[i];
                }
            }
        }
        return used;
    }

    static NDArray oneHot(NDManager manager, int[] targets, int classes) {
        float[] hot = new float[targets.length * classes];
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] >= classes) {
                throw new IllegalArgumentException("target " + targets[i] + " but the model has " + classes + " classes");
            }
            hot[i * classes + targets[i]] = 1f;
        }
        return manager.create(hot, new Shape(targets.length, classes)).toType(DataType.FLOAT32, false);
    }

    private static void freezeWeights(Block block, List<Parameter> frozen) {
        for (var entry : block.getParameters()) {
            Parameter p = entry.getValue();
            if (p.requiresGradient() && p.isInitialized()) {
                p.freeze(true);
                frozen.add(p);
            }
        }
    }

    private static void restore(List<Parameter> frozen) {
        for (Parameter p : frozen) {
            p.freeze(false);
        }
    }
}
