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
 * One DenseNet-BC layer (Huang et al. 2017; kuangliu/pytorch-cifar {@code densenet.Bottleneck}):
 * BN – ReLU – conv 1×1 (4·growth) – BN – ReLU – conv 3×3 (growth), whose output is concatenated in front of
 * the input, so a layer adds {@code growth} channels.
 */
public final class DenseLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int growth;
    private final SequentialBlock body;

    public DenseLayer(int growth) {
        super(VERSION);
        this.growth = growth;
        body = addChildBlock("body", new SequentialBlock()
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(4 * growth, 1, 1))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(growth, 3, 1)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray out = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(NDArrays.concat(new NDList(out, x), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1) + growth, in.get(2), in.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }
}
