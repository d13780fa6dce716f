package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Pads images smaller than {@code minSide} with {@code (minSide − side) / 2} zeros on every side, as PyTorch's
 * {@code ZeroPad2d((minSide − side) // 2)}; larger images pass unchanged.
 */
public final class ZeroPadding extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int minSide;

    public ZeroPadding(int minSide) {
        super(VERSION);
        this.minSide = minSide;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        long pad = padding(images.getShape());
        return new NDList(pad == 0 ? images : images.pad(new Shape(pad, pad, pad, pad), 0));
    }

    private long padding(Shape images) {
        long side = Math.min(images.get(2), images.get(3));
        return side < minSide ? (minSide - side) / 2 : 0;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long pad = padding(in);
        return new Shape[] {new Shape(in.get(0), in.get(1), in.get(2) + 2 * pad, in.get(3) + 2 * pad)};
    }
}
