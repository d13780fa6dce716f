package io.ferperturb.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.event.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void handComputedExampleWithImbalancedClasses() {
        // truth: 4×a, 2×b; predictions: a a a b | b a
        int[] truth = {0, 0, 0, 0, 1, 1};
        int[] predicted = {0, 0, 0, 1, 1, 0};
        EvaluationResult r = ClassificationMetrics.evaluate("PrivateTest", truth, predicted, List.of("a", "b", "c"));
        assertEquals(4 / 6.0, r.accuracy(), 1e-12);
        assertEquals((0.75 + 0.5) / 2, r.balancedAccuracy(), 1e-12, "class c has no support and is left out");
        double f1a = 2 * 0.75 * 0.75 / 1.5;
        double f1b = 2 * 0.5 * 0.5 / 1.0;
        assertEquals((f1a + f1b) / 2, r.macroF1(), 1e-12);
        assertEquals(4, r.perClass().get("a").support());
        assertEquals(0.75, r.perClass().get("a").precision(), 1e-12);
        assertArrayEquals(new int[] {3, 1, 0}, r.confusionMatrix()[0]);
        assertArrayEquals(new int[] {1, 1, 0}, r.confusionMatrix()[1]);
        assertEquals("PrivateTest", r.split());
    }

    @Test
    void argmaxPicksTheFirstLargest() {
        assertArrayEquals(new int[] {2, 0}, ClassificationMetrics.argmax(new float[][] {{0, 1, 3}, {5, 5, 1}}));
        assertEquals(1, ClassificationMetrics.argmax(new float[] {9, 0, 7, 1}, 1, 3));
    }
}
