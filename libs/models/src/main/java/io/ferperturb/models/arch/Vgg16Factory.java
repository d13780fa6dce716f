package io.ferperturb.models.arch;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code vgg16}: the authors' VGG16 ({@code models/VGG.py} of their repository) on one input channel: 13
 * convolutions 3×3 (padding 1, with bias) – BN – ReLU – Dropout(0.4) in stacks of 64, 64, M, 128, 128, M,
 * 256×3, M, 512×3, M, 512×3, M (M = 2×2 max-pool), then the 1×1×512 features flattened into two fully
 * connected layers Linear(4096) – BN – ReLU and Linear(classes). The five pools leave 1×1 of 48×48 and of 40×40
 * input (floor division), so one block takes both sizes; smaller than 32×32 leaves nothing. 33,649,607
 * trainable parameters for 7 classes, as PyTorch counts their definition.
 */
public final class Vgg16Factory implements ArchitectureFactory {
    public static final String NAME = "vgg16";
    private static final int HIDDEN = 4096;
    private static final float DROPOUT = 0.4f;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = new SequentialBlock();
        Layers.addVggStacks(net, Layers.VGG16_STACKS, DROPOUT);
        net.add(Blocks.batchFlattenBlock());
        for (int i = 0; i < 2; i++) {
            net.add(Linear.builder().setUnits(HIDDEN).build())
                    .add(Layers.batchNorm())
                    .add(Activation.reluBlock());
        }
        return net.add(Linear.builder().setUnits(classes).build());
    }
}
