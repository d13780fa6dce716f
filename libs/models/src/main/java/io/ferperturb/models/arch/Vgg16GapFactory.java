package io.ferperturb.models.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code vgg16-gap}: VGG16 with batch norm (Simonyan and Zisserman 2015, configuration D; the conv stack of
 * torchvision's {@code vgg16_bn}) on one input channel: 13 convolutions 3×3 (padding 1, with bias) – BN –
 * ReLU in stacks of 64, 64, M, 128, 128, M, 256×3, M, 512×3, M, 512×3, M (M = 2×2 max-pool), then global
 * average pooling, Dropout(0.4) and Linear(512→classes): the conv stack followed by a classifier with the
 * paper's dropout 0.4 (the CIFAR-style VGG head of kuangliu/pytorch-cifar plus that dropout): a lighter
 * VGG than the authors' {@code vgg16} ({@link Vgg16Factory}), with a third of its parameters. The five pools leave 1×1 of 48×48
 * and of 40×40 input (floor division), so one initialised block takes both sizes. 14,725,575 trainable parameters for 7 classes (PyTorch reference:
 * {@code tools/bench/reference/architectures.py}).
 */
public final class Vgg16GapFactory implements ArchitectureFactory {
    public static final String NAME = "vgg16-gap";
    private static final int[][] STACKS = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = new SequentialBlock();
        for (int[] stack : STACKS) {
            for (int filters : stack) {
                net.add(Layers.conv(filters, 3, 1, 1, true))
                        .add(Layers.batchNorm())
                        .add(Activation.reluBlock());
            }
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate(0.4f).build())
                .add(Linear.builder().setUnits(classes).build());
    }
}
