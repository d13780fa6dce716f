package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.serving.faces.WeightedNms.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedNmsTest {

    @Test
    void overlappingBoxesBecomeTheirScoreWeightedMeanWithTheBestScore() {
        List<Candidate> merged = WeightedNms.merge(List.of(new Candidate(100, 100, 200, 200, 0.9),
                new Candidate(110, 100, 210, 200, 0.6), new Candidate(500, 100, 560, 160, 0.7)), 0.3);
        assertEquals(2, merged.size(), merged.toString());
        Candidate face = merged.get(0);
        assertEquals(0.9, face.score(), 1e-9);
        assertEquals((100 * 0.9 + 110 * 0.6) / 1.5, face.x0(), 1e-9);
        assertEquals((200 * 0.9 + 210 * 0.6) / 1.5, face.x1(), 1e-9);
        assertEquals(100, face.y0(), 1e-9);
        Candidate alone = merged.get(1);
        assertEquals(500, alone.x0(), 1e-9);
        assertEquals(560, alone.x1(), 1e-9);
        assertEquals(0.7, alone.score(), 1e-9);
    }

    @Test
    void boxesBelowTheOverlapStaySeparateAndAnEmptyBoxDoesNotStall() {
        // IoU of these two: 50·100 / (2·100·100 − 50·100) = 1/3
        List<Candidate> apart = WeightedNms.merge(List.of(new Candidate(0, 0, 100, 100, 0.8),
                new Candidate(50, 0, 150, 100, 0.7)), 0.4);
        assertEquals(2, apart.size());
        assertEquals(1, WeightedNms.merge(List.of(new Candidate(5, 5, 5, 5, 0.9)), 0.3).size());
        assertEquals(List.of(), WeightedNms.merge(List.of(), 0.3));
    }
}
