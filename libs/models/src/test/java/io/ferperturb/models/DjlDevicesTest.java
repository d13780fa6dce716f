package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DjlDevicesTest {

    @Test
    void cpuIsTheCpuAlone() {
        assertArrayEquals(new Device[] {Device.cpu()}, Djl.devices("cpu"));
    }

    @Test
    void everyGpuIsEveryVisibleGpuAndNeverTheCpu() {
        int gpus = Djl.engine().getGpuCount();
        if (gpus == 0) {
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> Djl.devices(Djl.ALL_GPUS));
            assertTrue(none.getMessage().contains("none is visible"), none.getMessage());
            assertArrayEquals(new Device[] {Device.cpu()}, Djl.devices("auto"), "auto falls back to the CPU");
        } else {
            Device[] all = Djl.devices(Djl.ALL_GPUS);
            assertEquals(gpus, all.length);
            assertTrue(java.util.Arrays.stream(all).allMatch(Device::isGpu));
        }
    }
}
