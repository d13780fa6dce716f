package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The CBAM spatial attention gate (Woo et al. 2018, "CBAM", its {@code SpatialGate}), as the paper puts it
 * on the classifier's input: per pixel the maximum and the mean over the channels, a 7×7 convolution
 * (2→1 channels, padding 3, no bias), batch norm and a sigmoid give a [N,1,H,W] map in (0, 1) that is
 * multiplied into the input. {@link #attention} exposes the map itself; {@link SpatialAttention} reads it
 * out of a trained model.
 */
public final class SpatialAttentionGate extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Conv2d conv;
    private final BatchNorm norm;

    public SpatialAttentionGate() {
        super(VERSION);
        conv = addChildBlock("conv", Layers.conv(1, 7, 1));
        norm = addChildBlock("norm", Layers.batchNorm());
    }

    /** The gate's map, [N,1,H,W] with values in (0, 1), for input [N,C,H,W]. */
    public NDArray attention(ParameterStore parameterStore, NDArray input, boolean training) {
        int[] channels = {1};
        NDArray pooled = NDArrays.concat(new NDList(input.max(channels, true), input.mean(channels, true)), 1);
        NDList convolved = conv.forward(parameterStore, new NDList(pooled), training);
        NDArray normalised = norm.forward(parameterStore, convolved, training).singletonOrThrow();
        return Activation.sigmoid(normalised);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.mul(attention(parameterStore, x, training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape pooled = new Shape(in.get(0), 2, in.get(2), in.get(3));
        conv.initialize(manager, dataType, pooled);
        norm.initialize(manager, dataType, conv.getOutputShapes(new Shape[] {pooled}));
    }
}
