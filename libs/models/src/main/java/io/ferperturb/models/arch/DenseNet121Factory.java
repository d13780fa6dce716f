package io.ferperturb.models.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code densenet121}: the CIFAR-style DenseNet-121 of kuangliu/pytorch-cifar {@code DenseNet121} on one
 * input channel: conv 3×3 (2·growth = 64, no bias), dense blocks of 6, 12, 24 and 16 {@link DenseLayer}s
 * (growth 32), each but the last followed by a transition (BN – ReLU – conv 1×1 to half the channels,
 * rounded down – 2×2 average pool), then BN – ReLU, global average pooling over 1024 channels and
 * Linear(1024→classes). As with {@code dpn26}, global pooling replaces kuangliu's fixed 4×4 window (same
 * parameters). 6,952,071 trainable parameters for 7 classes.
 */
public final class DenseNet121Factory implements ArchitectureFactory {
    public static final String NAME = "densenet121";
    private static final int[] LAYERS = {6, 12, 24, 16};
    private static final int GROWTH = 32;
    private static final double REDUCTION = 0.5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        int channels = 2 * GROWTH;
        SequentialBlock net = new SequentialBlock().add(Layers.conv(channels, 3, 1));
        for (int stage = 0; stage < LAYERS.length; stage++) {
            net.add(denseBlock(LAYERS[stage]));
            channels += LAYERS[stage] * GROWTH;
            if (stage < LAYERS.length - 1) {
                channels = (int) Math.floor(channels * REDUCTION);
                net.add(transition(channels));
            }
        }
        return Layers.withPooledHead(net.add(Layers.batchNorm()).add(Activation.reluBlock()), classes);
    }

    private static SequentialBlock denseBlock(int layers) {
        SequentialBlock block = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            block.add(new DenseLayer(GROWTH));
        }
        return block;
    }

    private static SequentialBlock transition(int channels) {
        return new SequentialBlock()
                .add(Layers.batchNorm())
                .add(Activation.reluBlock())
                .add(Layers.conv(channels, 1, 1))
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }
}
