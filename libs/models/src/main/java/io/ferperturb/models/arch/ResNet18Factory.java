package io.ferperturb.models.arch;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code resnet18}: the CIFAR-style ResNet-18 (He et al. 2016; kuangliu/pytorch-cifar {@code ResNet18}) on
 * one input channel: conv 3×3 stride 1 (64, no bias) – BN – ReLU without max-pool, four stages of two
 * basic {@link ResidualUnit}s with 64, 128, 256 and 512 channels (stride 2 and a 1×1 projection shortcut at the
 * start of stages 2–4), global average pooling and Linear(512→classes). 11,171,271 trainable parameters for
 * 7 classes. Not DJL's {@code ResNetV1} with 18 layers (bottleneck units, 7×7 stem).
 */
public final class ResNet18Factory implements ArchitectureFactory {
    public static final String NAME = "resnet18";
    private static final int[] STAGES = {64, 128, 256, 512};
    private static final int[] UNITS = {2, 2, 2, 2};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = Layers.stem(64, 3, 1);
        Layers.addStages(net, UNITS, (stage, index, stride) -> ResidualUnit.basic(STAGES[stage], stride, stride != 1));
        return Layers.withPooledHead(net, classes);
    }
}
