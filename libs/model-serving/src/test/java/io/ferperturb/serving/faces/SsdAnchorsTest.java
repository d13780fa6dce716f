package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SsdAnchorsTest {

    @Test
    void theBackModelsLayersGive896AnchorsIn16By16And8By8Grids() {
        SsdAnchors anchors = new SsdAnchors(256, 16, 32, 32, 32);
        assertEquals(16 * 16 * 2 + 8 * 8 * 6, anchors.count());
        // two anchors per cell of the first grid, cells row by row
        assertEquals(0.5f / 16, anchors.x(0));
        assertEquals(0.5f / 16, anchors.x(1));
        assertEquals(1.5f / 16, anchors.x(2));
        assertEquals(0.5f / 16, anchors.y(2 * 16 - 1));
        assertEquals(1.5f / 16, anchors.y(2 * 16));
        // then six per cell of the 8×8 grid
        assertEquals(0.5f / 8, anchors.x(512 + 5));
        assertEquals(1.5f / 8, anchors.x(512 + 6));
        assertEquals(7.5f / 8, anchors.y(895));
    }
}
