package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One Dual Path Network block (Chen et al. 2017; kuangliu/pytorch-cifar {@code dpn.Bottleneck}): conv 1×1
 * (width) – BN – ReLU – grouped conv 3×3 (width, 32 groups, stride {@code s}) – BN – ReLU – conv 1×1
 * (residual + dense channels) – BN. Of its output, the first {@code residual} channels are added to the
 * shortcut's first {@code residual} channels (the residual path) and the last {@code dense} are appended
 * after the shortcut's remaining channels (the densely connected path), then ReLU. The first block of a
 * stage projects the input with a 1×1 convolution (stride {@code s}) and BN; later ones pass it through.
 * A stage's i-th block (from 0) therefore outputs {@code residual + (i + 2)·dense} channels.
 */
public final class DualPathBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final int GROUPS = 32;

    private final int residual;
    private final int dense;
    private final int stride;
    private final SequentialBlock body;
    private final SequentialBlock shortcut;

    /**
     * @param width channels of the grouped 3×3 convolution (a multiple of 32)
     * @param residual channels of the residual path
     * @param dense channels each block adds to the dense path
     * @param first project the input (the first block of a stage)
     */
    public DualPathBlock(int width, int residual, int dense, int stride, boolean first) {
        super(VERSION);
        this.residual = residual;
        this.dense = dense;
        this.stride = stride;
        body = addChildBlock("body", new SequentialBlock()
                .add(Layers.conv(width, 1, 1))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(width, 3, stride, GROUPS, false))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(residual + dense, 1, 1))
                .add(Layers.batchNorm()));
        shortcut = first
                ? addChildBlock("shortcut", new SequentialBlock()
                        .add(Layers.conv(residual + dense, 1, stride))
                        .add(Layers.batchNorm()))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray out = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray x = shortcut == null
                ? inputs.singletonOrThrow()
                : shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
        String head = ":, :" + residual;
        String tail = ":, " + residual + ":";
        NDArray joined = NDArrays.concat(new NDList(x.get(head).add(out.get(head)), x.get(tail), out.get(tail)), 1);
        return new NDList(Activation.relu(joined));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = body.getOutputShapes(inputShapes)[0];
        long passed = shortcut == null ? inputShapes[0].get(1) : residual + dense;
        return new Shape[] {new Shape(out.get(0), passed + dense, out.get(2), out.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (shortcut == null && (stride != 1 || inputShapes[0].get(1) < residual)) {
            throw new IllegalArgumentException("a block without projection needs stride 1 and at least "
                    + residual + " input channels, got stride " + stride + " and input " + inputShapes[0]);
        }
        body.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
