package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.models.Djl;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch split of data-parallel training. DJL's PyTorch engine has one CPU device ({@code Device.of("cpu", 1)} is
 * {@code cpu()}, and a trainer refuses the same device twice), so a training run on two devices needs two GPUs
 * ({@code tools/gpu/smoke.sh}); here the split itself is checked, with every share on the CPU.
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
}
