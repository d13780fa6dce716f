package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
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
 * The ResNet basic block (He et al. 2016; kuangliu/pytorch-cifar {@code BasicBlock}): conv 3×3 (stride
 * {@code s}) – BN – ReLU – conv 3×3 – BN, plus the input, then ReLU. The shortcut is the identity, or a
 * 1×1 convolution with stride {@code s} and BN where the unit changes the size or the channel count.
 */
public final class ResidualUnit extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int filters;
    private final int stride;
    private final SequentialBlock main;
    private final SequentialBlock shortcut;

    /**
     * @param project a 1×1 projection shortcut; required when {@code stride > 1} or the input does not
     *     have {@code filters} channels
     */
    public ResidualUnit(int filters, int stride, boolean project) {
        super(VERSION);
        this.filters = filters;
        this.stride = stride;
        main = addChildBlock("main", new SequentialBlock()
                .add(Layers.conv(filters, 3, stride))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(filters, 3, 1))
                .add(Layers.batchNorm()));
        shortcut = project
                ? addChildBlock("shortcut", new SequentialBlock()
                        .add(Layers.conv(filters, 1, stride))
                        .add(Layers.batchNorm()))
                : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray out = main.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray skip = shortcut == null
                ? inputs.singletonOrThrow()
                : shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(Activation.relu(out.add(skip)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (shortcut == null && (stride != 1 || inputShapes[0].get(1) != filters)) {
            throw new IllegalArgumentException("an identity shortcut needs stride 1 and " + filters
                    + " input channels, got stride " + stride + " and input " + inputShapes[0]);
        }
        main.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }
}
