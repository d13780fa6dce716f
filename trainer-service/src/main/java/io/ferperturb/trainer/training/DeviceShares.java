package io.ferperturb.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * How one optimiser step's batch is shared between the trainer's devices (data-parallel training on several GPUs):
 * consecutive images, in order, as evenly as possible. DJL's own split cuts equal steps of ⌈n / devices⌉ images, which
 * leaves the last device an empty share for some uneven batches (9 images on 4 GPUs: 3, 3, 3, 0), and a forward pass
 * over no images gives a NaN loss.
 */
final class DeviceShares {
    private DeviceShares() {
    }

    /** One device's share: its images and labels (on that device), and where they start in the batch. */
    record Share(NDArray inputs, NDArray labels, int offset, int size) {
    }

    /**
     * Images per device for a batch of {@code batch} images: sizes that differ by at most one, the larger ones first,
     * none empty; fewer shares than devices when the batch has fewer images than there are devices.
     */
    static int[] sizes(int batch, int devices) {
        if (batch < 1 || devices < 1) {
            throw new IllegalArgumentException("a batch of " + batch + " images on " + devices + " devices");
        }
        int shares = Math.min(batch, devices);
        int[] sizes = new int[shares];
        for (int i = 0; i < shares; i++) {
            sizes[i] = batch / shares + (i < batch % shares ? 1 : 0);
        }
        return sizes;
    }

    /** Cuts {@code inputs} and {@code labels} (batch on the first axis) into {@link #sizes} shares, share i on device i. */
    static List<Share> split(NDArray inputs, NDArray labels, Device[] devices) {
        int batch = Math.toIntExact(inputs.getShape().get(0));
        List<Share> shares = new ArrayList<>();
        int offset = 0;
        int[] sizes = sizes(batch, devices.length);
        for (int i = 0; i < sizes.length; i++) {
            NDIndex rows = new NDIndex("{}:{}", offset, offset + sizes[i]);
            shares.add(new Share(inputs.get(rows).toDevice(devices[i], false), labels.get(rows).toDevice(devices[i], false),
                    offset, sizes[i]));
            offset += sizes[i];
        }
        return shares;
    }

    /**
     * The factor of a share's mean loss in the batch's: the share's part of the batch's total weight (of its images,
     * when classes are not weighted). Scaled so, the shares' losses sum to the whole batch's mean loss, and their
     * summed gradients are that loss's gradients, as on one device.
     *
     * @param labels       the batch's labels
     * @param classWeights the loss's class weights, or null for plain cross-entropy
     */
    static float lossFactor(Share share, int[] labels, float[] classWeights) {
        return classWeights == null ? (float) share.size() / labels.length
                : (float) (ClassWeights.of(labels, share.offset(), share.size(), classWeights)
                        / ClassWeights.of(labels, 0, labels.length, classWeights));
    }
}
