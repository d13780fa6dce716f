package io.ferperturb.models.arch;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code dpn26}: the Dual Path Network of kuangliu/pytorch-cifar {@code DPN26} on one input channel: conv
 * 3×3 (64, no bias) – BN – ReLU, four stages of two {@link DualPathBlock}s (widths 96, 192, 384, 768;
 * residual channels 256, 512, 1024, 2048; dense depth 16, 32, 24, 128; stride 2 from the second stage),
 * global average pooling over the 2048 + 3·128 = 2432 channels and Linear(2432→classes). kuangliu pools
 * with a fixed 4×4 window sized for 32×32 input; global pooling averages the whole 6×6 (48×48 input) or
 * 5×5 (40×40) map with the same parameters. 11,566,391 trainable parameters for 7 classes.
 */
public final class Dpn26Factory implements ArchitectureFactory {
    public static final String NAME = "dpn26";
    private static final int[] WIDTH = {96, 192, 384, 768};
    private static final int[] RESIDUAL = {256, 512, 1024, 2048};
    private static final int[] BLOCKS = {2, 2, 2, 2};
    private static final int[] DENSE = {16, 32, 24, 128};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = Layers.stem(64, 3, 1);
        Layers.addStages(net, BLOCKS, (stage, index, stride) ->
                new DualPathBlock(WIDTH[stage], RESIDUAL[stage], DENSE[stage], stride, index == 0));
        return Layers.withPooledHead(net, classes);
    }
}
