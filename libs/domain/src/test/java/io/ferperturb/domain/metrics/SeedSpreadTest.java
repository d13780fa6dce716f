package io.ferperturb.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedSpreadTest {

    /** 0.60, 0.62, 0.64: mean 0.62, squares 0.0008, sample SD √(0.0008 / 2) = 0.02. */
    @Test
    void meanAndSampleStandardDeviationWorkedByHand() {
        SeedSpread spread = SeedSpread.of(List.of(0.60, 0.62, 0.64));
        assertEquals(0.62, spread.mean(), 1e-12);
        assertEquals(0.02, spread.standardDeviation(), 1e-12);
        assertEquals("0.620 ± 0.020", spread.format());
    }

    @Test
    void oneRunHasNoSpread() {
        SeedSpread spread = SeedSpread.of(List.of(0.5));
        assertEquals(0, spread.standardDeviation());
        assertEquals("0.500", spread.format());
        assertThrows(IllegalArgumentException.class, () -> SeedSpread.of(List.of()));
    }
}
