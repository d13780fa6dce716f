package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The masking block of the Residual Masking Network (Pham et al. 2020; the authors' {@code models/ResMasking.py}
 * {@code Masking1..4}): a small U-Net over a stage's feature maps whose softmax over channels weighs them,
 * {@code x · (1 + mask)}. With {@code c} input channels and depth {@code d}, the down path is {@code d} basic
 * residual units widening c → 2c → … → 2^d·c with a 2×2 max-pool between them; the up path, level by level, is
 * a 2×2 transposed convolution (stride 2, with bias: {@link UpConvolution}) – BN – ReLU halving the channels, concatenated with the
 * down path's map of that level and a unit back to its width; a last unit returns to {@code c} channels. Every
 * unit projects its shortcut (1×1 convolution and BN), since each changes the channel count.
 */
public final class MaskingBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final List<Block> down = new ArrayList<>();
    private final List<Block> upPool = new ArrayList<>();
    private final List<Block> up = new ArrayList<>();
    private final Block out;
    private final Block pool = Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));

    /** @param depth 1 to 4, as the network uses it after stages 4, 3, 2 and 1 */
    public MaskingBlock(int channels, int depth) {
        super(VERSION);
        if (depth < 1 || depth > 4) {
            throw new IllegalArgumentException("masking depth is 1 to 4, got " + depth);
        }
        for (int level = 0; level < depth; level++) {
            down.add(addChildBlock("down" + level, ResidualUnit.basic(channels << (level + 1), 1, true)));
        }
        for (int level = depth - 1; level >= 1; level--) {
            int width = channels << level;
            upPool.add(addChildBlock("upPool" + level, new SequentialBlock()
                    .add(new UpConvolution(width))
                    .add(Layers.batchNorm())
                    .add(Activation.reluBlock())));
            up.add(addChildBlock("up" + level, ResidualUnit.basic(width, 1, true)));
        }
        out = addChildBlock("out", ResidualUnit.basic(channels, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        List<NDArray> levels = new ArrayList<>();
        NDArray x = inputs.singletonOrThrow();
        for (int level = 0; level < down.size(); level++) {
            if (level > 0) {
                x = pool.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
            }
            x = down.get(level).forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
            levels.add(x);
        }
        for (int i = 0; i < up.size(); i++) {
            NDArray widened = upPool.get(i).forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
            NDArray joined = widened.concat(levels.get(levels.size() - 2 - i), 1);
            x = up.get(i).forward(parameterStore, new NDList(joined), training, params).singletonOrThrow();
        }
        x = out.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        return new NDList(x.softmax(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        List<Shape> levels = new ArrayList<>();
        Shape x = inputShapes[0];
        for (int level = 0; level < down.size(); level++) {
            if (level > 0) {
                x = pool.getOutputShapes(new Shape[] {x})[0];
            }
            down.get(level).initialize(manager, dataType, x);
            x = down.get(level).getOutputShapes(new Shape[] {x})[0];
            levels.add(x);
        }
        for (int i = 0; i < up.size(); i++) {
            upPool.get(i).initialize(manager, dataType, x);
            Shape widened = upPool.get(i).getOutputShapes(new Shape[] {x})[0];
            Shape skip = levels.get(levels.size() - 2 - i);
            Shape joined = new Shape(widened.get(0), widened.get(1) + skip.get(1), skip.get(2), skip.get(3));
            up.get(i).initialize(manager, dataType, joined);
            x = up.get(i).getOutputShapes(new Shape[] {joined})[0];
        }
        out.initialize(manager, dataType, x);
    }
}
