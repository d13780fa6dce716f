package io.ferperturb.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.lang.reflect.Field;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A serving copy of a trained block with every batch norm that directly follows a 2-D convolution (inside
 * a {@link SequentialBlock}, at any depth) folded into that convolution: in inference mode the norm is the
 * per-channel affine map {@code x·s + t} with {@code s = γ/√(var+ε)} and {@code t = β − mean·s}, so the
 * convolution with weights {@code W·s} and bias {@code t} (plus {@code b·s}) gives the same outputs without
 * the norm's passes over the activations, forward and backward (saliency). The {@code cnn} and
 * {@code vgg16} designs fold completely; blocks of other shapes are kept as they are.
 * <p>
 * The folded block must give the original's logits on a probe batch, or the original is kept: a norm whose
 * settings cannot be read (they are private in DJL) is never folded wrongly. Only for serving: the copy
 * has no trainable parameters of its own and is never saved.
 */
public final class BatchNormFolding {
    private static final Logger LOG = Logger.getLogger(BatchNormFolding.class);
    private static final double TOLERANCE = 1e-4;

    private BatchNormFolding() {
    }

    /**
     * Replaces the model's block by its folded copy when there is something to fold and the copy computes
     * the same logits for inputs of {@code inputShape} (C, H, W); returns whether it did.
     */
    public static boolean foldForServing(Model model, Shape inputShape) {
        Block original = model.getBlock();
        Optional<Block> folded;
        try {
            folded = fold(original, model.getNDManager());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("not folding batch norms of %s: %s", model.getName(), e.toString());
            return false;
        }
        if (folded.isEmpty()) {
            return false;
        }
        if (!sameLogits(model, original, folded.get(), inputShape)) {
            LOG.warnf("not folding batch norms of %s: the folded block's logits differ", model.getName());
            return false;
        }
        model.setBlock(folded.get());
        return true;
    }

    /** The folded copy of {@code block}, or empty when no convolution–norm pair was found. */
    static Optional<Block> fold(Block block, NDManager manager) throws ReflectiveOperationException {
        if (!(block instanceof SequentialBlock sequential)) {
            return Optional.empty();
        }
        SequentialBlock copy = new SequentialBlock();
        boolean changed = false;
        var children = sequential.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            Block child = children.get(i);
            Block next = i + 1 < children.size() ? children.get(i + 1) : null;
            if (child instanceof Conv2d conv && next instanceof BatchNorm norm && foldable(norm)) {
                copy.add(new FoldedConvolution(conv, norm, manager));
                i++;
                changed = true;
            } else {
                Optional<Block> inner = fold(child, manager);
                copy.add(inner.orElse(child));
                changed |= inner.isPresent();
            }
        }
        return changed ? Optional.of(copy) : Optional.empty();
    }

    private static boolean foldable(BatchNorm norm) throws ReflectiveOperationException {
        return (int) field(norm, "axis") == 1 && norm.isInitialized();
    }

    private static Object field(BatchNorm norm, String name) throws ReflectiveOperationException {
        Field f = BatchNorm.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(norm);
    }

    private static boolean sameLogits(Model model, Block original, Block folded, Shape inputShape) {
        int side = (int) inputShape.get(1);
        float[] probe = new float[2 * side * side];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (float) (Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.011));
        }
        float[] expected = EmotionClassifier.forward(model, probe, 2, side);
        model.setBlock(folded);
        try {
            float[] actual = EmotionClassifier.forward(model, probe, 2, side);
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            return expected.length == actual.length && worst <= TOLERANCE * scale + 1e-6;
        } finally {
            model.setBlock(original);
        }
    }

    /** A convolution with its batch norm folded in: weights and bias computed once, held by the model's manager. */
    static final class FoldedConvolution extends AbstractBlock {
        private final Conv2d conv;
        private final NDArray weight;
        private final NDArray bias;

        FoldedConvolution(Conv2d conv, BatchNorm norm, NDManager manager) throws ReflectiveOperationException {
            this.conv = conv;
            var p = norm.getParameters();
            double epsilon = (float) field(norm, "epsilon");
            float[] gamma = p.get("gamma").getArray().toFloatArray();
            float[] beta = p.get("beta").getArray().toFloatArray();
            float[] mean = p.get("runningMean").getArray().toFloatArray();
            float[] variance = p.get("runningVar").getArray().toFloatArray();
            NDArray w = conv.getParameters().get("weight").getArray();
            float[] weights = w.toFloatArray();
            float[] oldBias = conv.isIncludeBias() ? conv.getParameters().get("bias").getArray().toFloatArray() : new float[gamma.length];
            float[] shift = new float[gamma.length];
            int perChannel = weights.length / gamma.length;
            for (int c = 0; c < gamma.length; c++) {
                double scale = gamma[c] / Math.sqrt(variance[c] + epsilon);
                shift[c] = (float) (beta[c] + (oldBias[c] - mean[c]) * scale);
                for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                    weights[k] = (float) (weights[k] * scale);
                }
            }
            weight = manager.create(weights, w.getShape());
            bias = manager.create(shift);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            return x.getNDArrayInternal().convolution(x, weight, bias, conv.getStride(), conv.getPadding(), conv.getDilation(),
                    conv.getGroups());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return conv.getOutputShapes(inputShapes);
        }
    }
}
