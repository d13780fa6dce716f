package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import io.ferperturb.models.Djl;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch split of data-parallel training. DJL's PyTorch engine has one CPU device ({@code Device.of("cpu", 1)} is
 * {@code cpu()}, and a trainer refuses the same device twice), so a training run on two devices needs two GPUs
 * ({@code tools/gpu/smoke.sh}); here the split itself is checked, with every share on the CPU, and that the shares'
 * scaled losses give the whole batch's loss and gradients.
 */
class DeviceSharesTest {

    @Test
    void anEvenBatchIsHalvedBetweenTwoDevices() {
        assertArrayEquals(new int[] {32, 32}, DeviceShares.sizes(64, 2));
    }

    @Test
    void anUnevenBatchGivesSharesThatDifferByOneAndNoEmptyShare() {
        assertArrayEquals(new int[] {3, 2, 2, 2}, DeviceShares.sizes(9, 4)); // DJL's own split: 3, 3, 3, 0
        assertArrayEquals(new int[] {2, 1, 1, 1}, DeviceShares.sizes(5, 4));
        assertArrayEquals(new int[] {33, 32}, DeviceShares.sizes(65, 2));
        for (int batch = 1; batch <= 70; batch++) {
            for (int devices = 1; devices <= 8; devices++) {
                int[] sizes = DeviceShares.sizes(batch, devices);
                assertEquals(batch, Arrays.stream(sizes).sum(), batch + " on " + devices);
                assertEquals(Math.min(batch, devices), sizes.length, batch + " on " + devices);
                int smallest = Arrays.stream(sizes).min().orElseThrow();
                assertEquals(true, smallest >= 1 && Arrays.stream(sizes).max().orElseThrow() - smallest <= 1,
                        batch + " on " + devices + ": " + Arrays.toString(sizes));
            }
        }
    }

    @Test
    void aBatchSmallerThanTheDeviceCountUsesOneDevicePerImage() {
        assertArrayEquals(new int[] {1, 1}, DeviceShares.sizes(2, 4));
        assertArrayEquals(new int[] {1}, DeviceShares.sizes(1, 2));
        assertThrows(IllegalArgumentException.class, () -> DeviceShares.sizes(0, 2));
    }

    @Test
    void theSharesAreConsecutiveImagesInOrderWithTheirOwnLabels() {
        Djl.engine();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            int batch = 7;
            float[] pixels = new float[batch * 2 * 2];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = i;
            }
            NDArray inputs = manager.create(pixels, new Shape(batch, 1, 2, 2));
            NDArray labels = manager.create(new int[] {0, 1, 2, 3, 4, 5, 6});
            List<DeviceShares.Share> shares = DeviceShares.split(inputs, labels,
                    new Device[] {Device.cpu(), Device.cpu(), Device.cpu()});

            assertEquals(List.of(3, 2, 2), shares.stream().map(DeviceShares.Share::size).toList());
            assertEquals(List.of(0, 3, 5), shares.stream().map(DeviceShares.Share::offset).toList());
            assertArrayEquals(new int[] {3, 4}, shares.get(1).labels().toIntArray());
            assertEquals(new Shape(2, 1, 2, 2), shares.get(1).inputs().getShape());
            assertArrayEquals(Arrays.copyOfRange(pixels, 3 * 4, 5 * 4), shares.get(1).inputs().toFloatArray());
            float[] joined = new float[0];
            for (DeviceShares.Share share : shares) {
                float[] part = share.inputs().toFloatArray();
                float[] grown = Arrays.copyOf(joined, joined.length + part.length);
                System.arraycopy(part, 0, grown, joined.length, part.length);
                joined = grown;
            }
            assertArrayEquals(pixels, joined, "nothing lost, nothing reordered");
        }
    }

    @Test
    void theSharesScaledLossesAndTheirGradientsAreThoseOfTheWholeBatch() {
        Djl.engine();
        int[] labels = {0, 3, 3, 1, 6, 2, 3, 0, 5}; // no class 4: its weight is 0
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            bytes[i] = (byte) labels[i];
        }
        float[] weights = ClassWeights.balanced(bytes, 7);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray logits = manager.arange(0f, 63f).reshape(9, 7).mul(0.37f).sin().mul(3f);
            NDArray y = manager.create(labels);
            Device[] fourDevices = {Device.cpu(), Device.cpu(), Device.cpu(), Device.cpu()}; // shares of 3, 2, 2, 2
            for (float[] classWeights : Arrays.asList(null, weights)) {
                Loss loss = classWeights == null ? Loss.softmaxCrossEntropyLoss()
                        : new WeightedSoftmaxCrossEntropy(classWeights);
                NDArray whole = logits.duplicate();
                whole.setRequiresGradient(true);
                float wholeLoss;
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    NDArray value = loss.evaluate(new NDList(y), new NDList(whole));
                    collector.backward(value);
                    wholeLoss = value.getFloat();
                }

                NDArray split = logits.duplicate();
                split.setRequiresGradient(true);
                float summed = 0;
                try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                    for (DeviceShares.Share share : DeviceShares.split(split, y, fourDevices)) {
                        NDArray value = loss.evaluate(new NDList(share.labels()), new NDList(share.inputs()))
                                .mul(DeviceShares.lossFactor(share, labels, classWeights));
                        collector.backward(value);
                        summed += value.getFloat();
                    }
                }

                String which = classWeights == null ? "plain cross-entropy" : "balanced class weights";
                assertEquals(wholeLoss, summed, 1e-5, which);
                float[] gradient = whole.getGradient().toFloatArray();
                assertTrue(whole.getGradient().abs().sum().getFloat() > 0.1f, which + ": the batch's gradient is not zero");
                assertArrayEquals(gradient, split.getGradient().toFloatArray(), 1e-6f, which);
            }
        }
    }
}
