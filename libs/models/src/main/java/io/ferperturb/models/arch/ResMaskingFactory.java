package io.ferperturb.models.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code resmasking}: the Residual Masking Network the authors' ensemble uses ({@code ResMasking} in their
 * {@code models/ResMasking.py}, after Pham et al. 2020) on one input channel. A torchvision-style ResNet-34 —
 * conv 7×7 stride 2 (64, no bias) – BN – ReLU – max-pool 3×3 stride 2 padding 1, then 3, 4, 6 and 3 basic
 * {@link ResidualUnit}s of 64, 128, 256 and 512 channels — whose four stages are each followed by a
 * {@link MaskingBlock} of depth 4, 3, 2 and 1 ({@link MaskedStage}); then global average pooling and
 * Linear(512→classes). Inputs smaller than 64×64 are first zero-padded by {@code (64 − side) / 2} on every side,
 * as the authors do, so 48×48 faces and 40×40 crops both become 64×64. 137,790,151 trainable parameters for 7
 * classes, as PyTorch counts their definition.
 */
public final class ResMaskingFactory implements ArchitectureFactory {
    public static final String NAME = "resmasking";
    private static final int MIN_SIDE = 64;
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int[] UNITS = {3, 4, 6, 3};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = new SequentialBlock()
                .add(new ZeroPadding(MIN_SIDE))
                .add(Layers.conv(64, 7, 2))
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        for (int stage = 0; stage < WIDTHS.length; stage++) {
            int stride = stage == 0 ? 1 : 2;
            SequentialBlock units = new SequentialBlock().add(ResidualUnit.basic(WIDTHS[stage], stride, stride != 1));
            for (int unit = 1; unit < UNITS[stage]; unit++) {
                units.add(ResidualUnit.basic(WIDTHS[stage], 1, false));
            }
            net.add(new MaskedStage(units, new MaskingBlock(WIDTHS[stage], WIDTHS.length - stage)));
        }
        return Layers.withPooledHead(net, classes);
    }
}
