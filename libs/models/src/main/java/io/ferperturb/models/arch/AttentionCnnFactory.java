package io.ferperturb.models.arch;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.ferperturb.models.ArchitectureFactory;
import io.ferperturb.models.SmallCnnFactory;

/**
 * {@code attention-cnn}: the paper's attention model (phase 1 of the method) at the cost of the small
 * baseline: a {@link SpatialAttentionGate} on the input followed by the {@code cnn} classifier of
 * {@link SmallCnnFactory}. Its gate's map is read per image with {@link SpatialAttention#attentionMap}.
 * The gate adds 100 trainable parameters to the {@code cnn}'s; like it, the first linear layer is sized
 * when the block is initialised (128·6·6 inputs for 48×48, 128·5·5 for 40×40): 1,274,699 parameters for
 * 48×48 input and 7 classes, 914,251 for 40×40.
 */
public final class AttentionCnnFactory implements ArchitectureFactory {
    public static final String NAME = "attention-cnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        return new SequentialBlock()
                .add(new SpatialAttentionGate())
                .add(new SmallCnnFactory().newBlock(classes));
    }
}
