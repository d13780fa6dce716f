package io.ferperturb.models.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2×2 transposed convolution with stride 2 and bias (PyTorch's {@code ConvTranspose2d(in, out, 2, stride=2)}),
 * which doubles the side: every input pixel spreads into its own 2×2 output patch,
 * {@code out[o, 2i+a, 2j+b] = Σ_c x[c, i, j] · W[c, o, a, b] + bias[o]}. The patches do not overlap, so it is a
 * matrix product over the channels followed by a depth-to-space reshape; DJL's PyTorch engine has no
 * deconvolution operator. The weight keeps PyTorch's layout {@code (in, out, 2, 2)}.
 */
public final class UpConvolution extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int filters;
    private final Parameter weight;
    private final Parameter bias;

    public UpConvolution(int filters) {
        super(VERSION);
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(inputShapes[0].get(1), filters, 2, 2));
        bias.setShape(new Shape(filters));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDArray pixels = x.transpose(0, 2, 3, 1).reshape(n * h * wd, c);
        NDArray patches = pixels.matMul(w.reshape(c, filters * 4L)).reshape(n, h, wd, filters, 2, 2);
        NDArray out = patches.transpose(0, 3, 1, 4, 2, 5).reshape(n, filters, 2 * h, 2 * wd);
        return new NDList(out.add(b.reshape(1, filters, 1, 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), filters, 2 * in.get(2), 2 * in.get(3))};
    }
}
