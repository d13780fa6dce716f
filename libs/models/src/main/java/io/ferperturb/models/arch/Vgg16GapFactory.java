package io.ferperturb.models.arch;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code vgg16-gap}: VGG16 with batch norm (Simonyan and Zisserman 2015, configuration D; the conv stack of
 * torchvision's {@code vgg16_bn}) on one input channel: 13 convolutions 3×3 (padding 1, with bias) – BN – ReLU in
 * stacks of 64, 64, M, 128, 128, M, 256×3, M, 512×3, M, 512×3, M (M = 2×2 max-pool), then global average pooling,
 * Dropout(0.4) and Linear(512→classes): the CIFAR-style VGG head of kuangliu/pytorch-cifar plus the paper's
 * dropout. A lighter VGG than the authors' {@code vgg16} ({@link Vgg16Factory}), with under half its parameters.
 * The five pools leave 1×1 of 48×48 and of 40×40 input (floor division), so one initialised block takes both
 * sizes. 14,725,575 trainable parameters for 7 classes (PyTorch reference: {@code tools/bench/reference/architectures.py}).
 */
public final class Vgg16GapFactory implements ArchitectureFactory {
    public static final String NAME = "vgg16-gap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = new SequentialBlock();
        Layers.addVggStacks(net, Layers.VGG16_STACKS, 0);
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate(0.4f).build())
                .add(Linear.builder().setUnits(classes).build());
    }
}
