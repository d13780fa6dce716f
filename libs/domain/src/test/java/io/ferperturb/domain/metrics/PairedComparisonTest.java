package io.ferperturb.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    /** b = 1, c = 6: p = 2·P(X ≤ 1), X ~ Binomial(7, ½) = 2·(1 + 7)/128 = 0.125. */
    @Test
    void mcNemarsExactPValueMatchesTheBinomialWorkedByHand() {
        assertEquals(0.125, PairedComparison.mcNemar(1, 6), 1e-12);
        assertEquals(0.125, PairedComparison.mcNemar(6, 1), 1e-12);
        // b = 0, c = 10: 2 · (½)^10
        assertEquals(2.0 / 1024, PairedComparison.mcNemar(0, 10), 1e-15);
        // b = c: the tail plus the middle term exceed ½, so the doubled value is capped at 1
        assertEquals(1.0, PairedComparison.mcNemar(3, 3), 1e-12);
        assertEquals(1.0, PairedComparison.mcNemar(0, 0));
    }

    @Test
    void discordantPairsAreCountedFromTheAnswers() {
        boolean[] first = {true, true, false, false, true};
        boolean[] second = {true, false, true, true, false};
        PairedComparison result = PairedComparison.of(first, second, 50, 1);
        assertEquals(2, result.onlyFirst());
        assertEquals(2, result.onlySecond());
        assertEquals(0.0, result.difference(), 1e-12);
    }

    /**
     * Two images, the second model right only on the second: a resample holds that image 0, 1 or 2 times, with
     * probability ¼, ½ and ¼, so its difference is 0, ½ or 1, and the 2.5th and 97.5th percentiles are 0 and 1.
     */
    @Test
    void theBootstrapIntervalOfTwoImagesIsWorkedByHand() {
        PairedComparison result = PairedComparison.of(new boolean[] {true, false}, new boolean[] {true, true}, 20_000, 7);
        assertEquals(0.5, result.difference(), 1e-12);
        assertEquals(0.0, result.low(), 1e-12);
        assertEquals(1.0, result.high(), 1e-12);
        assertFalse(result.significant(), "an interval that holds zero is not significant");
    }

    @Test
    void aGainOnEveryDisagreementIsSignificantAndTheIntervalHoldsTheDifference() {
        int n = 400;
        boolean[] first = new boolean[n];
        boolean[] second = new boolean[n];
        for (int i = 0; i < n; i++) {
            first[i] = i % 2 == 0;
            second[i] = i % 2 == 0 || i % 5 == 1; // right on every image the first gets, and on 40 more
        }
        PairedComparison result = PairedComparison.of(first, second, 7);
        assertEquals(0.1, result.difference(), 1e-12);
        assertTrue(result.low() > 0 && result.low() < 0.1 && result.high() > 0.1, result.toString());
        assertTrue(result.significant());
        assertEquals(2 * Math.pow(0.5, 40), result.mcNemarP(), 1e-20);
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        boolean[] first = {true, false, true, false, false, true, true, false};
        boolean[] second = {true, true, false, true, false, true, true, true};
        assertEquals(PairedComparison.of(first, second, 3), PairedComparison.of(first, second, 3));
    }

    @Test
    void answersForDifferentImagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new boolean[2], new boolean[3], 1));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of(new boolean[0], new boolean[0], 1));
    }

    @Test
    void nearestRankPercentiles() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(1, PairedComparison.percentile(sorted, 0.025));
        assertEquals(10, PairedComparison.percentile(sorted, 0.975));
        assertEquals(5, PairedComparison.percentile(sorted, 0.5));
    }
}
