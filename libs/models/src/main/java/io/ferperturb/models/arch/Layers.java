package io.ferperturb.models.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** The convolution and batch-norm layers the architectures share, with PyTorch's defaults. */
final class Layers {
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
}
