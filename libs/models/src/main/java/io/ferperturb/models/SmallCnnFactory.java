package io.ferperturb.models;

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
 * {@code cnn}: the small fast baseline. Three blocks of conv 3×3 (32, 64, 128 channels, no bias),
 * batch norm, ReLU and 2×2 max-pool, then Linear(4608→256), ReLU, Dropout(0.3), Linear(256→classes):
 * about 1.27M parameters for 48×48 input. The benchmarks compare exactly this design with PyTorch.
 * The max-pool runs before the ReLU: ReLU is monotonic, so {@code relu(pool(x)) = pool(relu(x))} and the
 * gradients agree too (both reach the window's arg-max only when it is positive), but the ReLU and its
 * backward then touch a quarter of the values. Parameters are stored in the same order either way.
 */
public final class SmallCnnFactory implements ArchitectureFactory {
    public static final String NAME = "cnn";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Block newBlock(int classes) {
        SequentialBlock net = new SequentialBlock();
        for (int channels : new int[] {32, 64, 128}) {
            net.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(channels).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Activation.reluBlock());
        }
        return net.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(256).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.3f).build())
                .add(Linear.builder().setUnits(classes).build());
    }
}
