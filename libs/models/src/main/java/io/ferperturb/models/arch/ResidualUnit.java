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
 * A ResNet unit (He et al. 2016): a main path plus the input, then ReLU. The shortcut is the identity, or a
 * 1×1 convolution with stride {@code s} and BN where the unit changes the size or the channel count.
 * <ul>
 *   <li>{@link #basic}: conv 3×3 (stride {@code s}) – BN – ReLU – conv 3×3 – BN (kuangliu/pytorch-cifar and
 *       torchvision {@code BasicBlock});</li>
 *   <li>{@link #bottleneck}: conv 1×1 – BN – ReLU – conv 3×3 (stride {@code s}) – BN – ReLU – conv 1×1 (4× the
 *       width) – BN ({@code Bottleneck}, stride on the 3×3 as both of them do).</li>
 * </ul>
 */
public final class ResidualUnit extends AbstractBlock {
    private static final byte VERSION = 1;

    /** Bottleneck units widen their last convolution by this factor. */
    public static final int EXPANSION = 4;

    private final int filters;
    private final int stride;
    private final SequentialBlock main;
    private final SequentialBlock shortcut;

    /**
     * @param filters channels of the unit's output
     * @param project a 1×1 projection shortcut; required when {@code stride > 1} or the input does not
     *     have {@code filters} channels
     */
    private ResidualUnit(SequentialBlock main, int filters, int stride, boolean project) {
        super(VERSION);
        this.filters = filters;
        this.stride = stride;
        this.main = addChildBlock("main", main);
        shortcut = project
                ? addChildBlock("shortcut", new SequentialBlock()
                        .add(Layers.conv(filters, 1, stride))
                        .add(Layers.batchNorm()))
                : null;
    }

    /** The basic unit: two 3×3 convolutions of {@code filters} channels. */
    public static ResidualUnit basic(int filters, int stride, boolean project) {
        return new ResidualUnit(new SequentialBlock()
                .add(Layers.conv(filters, 3, stride))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(filters, 3, 1))
                .add(Layers.batchNorm()), filters, stride, project);
    }

    /** The bottleneck unit: {@code planes} channels inside, {@code EXPANSION × planes} out. */
    public static ResidualUnit bottleneck(int planes, int stride, boolean project) {
        return new ResidualUnit(new SequentialBlock()
                .add(Layers.conv(planes, 1, 1))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(planes, 3, stride))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(EXPANSION * planes, 1, 1))
                .add(Layers.batchNorm()), EXPANSION * planes, stride, project);
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
