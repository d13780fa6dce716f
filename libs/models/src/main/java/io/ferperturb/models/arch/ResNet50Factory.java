package io.ferperturb.models.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code resnet50}: the CIFAR-style ResNet-50 the authors' {@code selectModel("resnet")} returns
 * ({@code models/resnet.py}, from kuangliu/pytorch-cifar) on one input channel: conv 3×3 stride 1 (64, no bias) –
 * BN – ReLU without max-pool, four stages of 3, 4, 6 and 3 bottleneck {@link ResidualUnit}s of width 64, 128, 256
 * and 512 (×4 out; stride 2 at the start of stages 2–4), then their {@code avg_pool2d(out, 4)}: a 4×4 average
 * with stride 4, which of the 6×6 (48×48 input) or 5×5 (40×40) last maps keeps the top-left 4×4 window, and
 * Linear(2048→classes). 23,513,543 trainable parameters for 7 classes.
 */
public final class ResNet50Factory implements ArchitectureFactory {
    public static final String NAME = "resnet50";
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int[] UNITS = {3, 4, 6, 3};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = Layers.stem(64, 3, 1);
        // the first unit of every stage projects: 64 channels in, 256 out even at stride 1
        Layers.addStages(net, UNITS, (stage, index, stride) -> ResidualUnit.bottleneck(WIDTHS[stage], stride, index == 0));
        return net.add(Pool.avgPool2dBlock(new Shape(4, 4), new Shape(4, 4)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
