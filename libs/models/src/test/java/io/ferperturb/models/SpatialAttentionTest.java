package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import io.ferperturb.models.arch.SpatialAttention;
import io.ferperturb.models.arch.SpatialAttentionGate;
import org.junit.jupiter.api.Test;

/** The attention-cnn's gate can be read per image after training. */
class SpatialAttentionTest {

    @Test
    void attentionMapHasTheInputsSpatialShapeAndValuesInZeroOne() {
        try (Model model = ArchitectureFixtures.newModel("attention-cnn");
                Trainer trainer = ArchitectureFixtures.newTrainer(model, 4, 48)) {
            ArchitectureFixtures.trainSteps(trainer, 4, 48, 2);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                for (int side : ArchitectureFixtures.SIDES) { // the gate is convolutional: any side
                    NDArray input = manager.randomNormal(new Shape(3, 1, side, side));
                    NDArray map = SpatialAttention.attentionMap(model, input);
                    assertEquals(new Shape(3, 1, side, side), map.getShape());
                    assertTrue(map.min().getFloat() >= 0f && map.max().getFloat() <= 1f);
                    assertTrue(map.max().getFloat() > map.min().getFloat(), "a constant map");
                    // inference mode: batch norm's running statistics are used, not updated
                    assertArrayEquals(map.toFloatArray(), SpatialAttention.attentionMap(model, input).toFloatArray());
                }
            }
        }
    }

    @Test
    void gateMultipliesItsMapIntoTheInput() {
        try (Model model = ArchitectureFixtures.newModel("attention-cnn");
                Trainer trainer = ArchitectureFixtures.newTrainer(model, 2, 48);
                NDManager manager = model.getNDManager().newSubManager()) {
            SpatialAttentionGate gate = SpatialAttention.findGate(model.getBlock()).orElseThrow();
            NDArray input = manager.randomNormal(new Shape(2, 1, 48, 48));
            NDArray gated = ArchitectureFixtures.infer(gate, input);
            NDArray expected = input.mul(SpatialAttention.attentionMap(model, input));
            assertTrue(gated.allClose(expected, 1e-6, 1e-6, false));
        }
    }

    @Test
    void modelsWithoutAGateAreRejected() {
        try (Model model = ArchitectureFixtures.newModel("cnn");
                Trainer trainer = ArchitectureFixtures.newTrainer(model, 2, 48);
                NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.zeros(new Shape(1, 1, 48, 48));
            assertThrows(IllegalArgumentException.class, () -> SpatialAttention.attentionMap(model, input));
        }
    }
}
