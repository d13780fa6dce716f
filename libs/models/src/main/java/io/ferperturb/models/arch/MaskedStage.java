package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** One stage of the Residual Masking Network: the stage's units, then {@code x · (1 + mask(x))}. */
public final class MaskedStage extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Block units;
    private final Block mask;

    public MaskedStage(Block units, MaskingBlock mask) {
        super(VERSION);
        this.units = addChildBlock("units", units);
        this.mask = addChildBlock("mask", mask);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = units.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray weights = mask.forward(parameterStore, new NDList(x), training, params).singletonOrThrow();
        return new NDList(x.mul(weights.add(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return units.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        units.initialize(manager, dataType, inputShapes);
        mask.initialize(manager, dataType, units.getOutputShapes(inputShapes));
    }
}
