package io.ferperturb.models.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The layers and layouts the architectures share, with PyTorch's defaults. Each helper adds blocks to the
 * network itself, in order, so a design's parameters stay where its checkpoints expect them.
 */
final class Layers {
    /** VGG16's convolution stacks (configuration D): the channels of each 3×3 convolution, a max-pool after each stack. */
    static final int[][] VGG16_STACKS = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};

    private Layers() {
    }

    /** A square convolution without bias, padded to keep the size at stride 1 ({@code k / 2}). */
    static Conv2d conv(int filters, int kernel, int stride) {
        return conv(filters, kernel, stride, 1, false);
    }

    static Conv2d conv(int filters, int kernel, int stride, int groups, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** Batch norm over the channel axis: ε 1e-5, running statistics updated by 0.1 per step, as in PyTorch. */
    static BatchNorm batchNorm() {
        return BatchNorm.builder().build();
    }

    /** conv – BN – ReLU, the stem of the CIFAR-style networks (no max-pool). */
    static SequentialBlock stem(int filters, int kernel, int stride) {
        return new SequentialBlock()
                .add(conv(filters, kernel, stride))
                .add(batchNorm())
                .add(Activation.reluBlock());
    }

    /** Builds unit {@code index} (from 0) of stage {@code stage}, with the stride the stage gives it. */
    interface UnitFactory {
        Block unit(int stage, int index, int stride);
    }

    /** Stages of {@code units[stage]} units each; the first unit of every stage but the first halves the side. */
    static void addStages(SequentialBlock net, int[] units, UnitFactory factory) {
        for (int stage = 0; stage < units.length; stage++) {
            for (int index = 0; index < units[stage]; index++) {
                net.add(factory.unit(stage, index, index == 0 && stage > 0 ? 2 : 1));
            }
        }
    }

    /** VGG's stacks of 3×3 convolutions (with bias) – BN – ReLU (– Dropout), each stack ending in a 2×2 max-pool. */
    static void addVggStacks(SequentialBlock net, int[][] stacks, float dropout) {
        for (int[] stack : stacks) {
            for (int filters : stack) {
                net.add(conv(filters, 3, 1, 1, true))
                        .add(batchNorm())
                        .add(Activation.reluBlock());
                if (dropout > 0) {
                    net.add(Dropout.builder().optRate(dropout).build());
                }
            }
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
    }

    /** Global average pooling, flattening and Linear(classes): the head of the pooled designs. */
    static Block withPooledHead(SequentialBlock net, int classes) {
        return net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
