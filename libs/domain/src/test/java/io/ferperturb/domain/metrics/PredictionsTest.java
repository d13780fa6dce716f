package io.ferperturb.domain.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.EvaluationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionsTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final int[] TRUTH = {0, 1, 2, 1};
    private static final Predictions FIRST = new Predictions("PrivateTest", TRUTH, new float[][] {
            {2, 1, 0}, {0, 3, 1}, {1, 2, 0}, {0.5f, 0, 0.25f}});
    private static final Predictions SECOND = new Predictions("PrivateTest", TRUTH.clone(), new float[][] {
            {-1, 2, 0}, {0, 0, 0}, {0, 0, 4}, {0, 1, 0}});

    @Test
    void eachImageIsPredictedByItsLargestLogitAndMarkedCorrectWhenThatIsItsTruth() {
        assertArrayEquals(new int[] {0, 1, 1, 0}, FIRST.predicted());
        assertArrayEquals(new boolean[] {true, true, false, false}, FIRST.correct());
    }

    @Test
    void aSumAddsTheLogitsImageByImageAndCanChangeThePredictions() {
        Predictions sum = Predictions.sum(List.of(FIRST, SECOND));
        assertArrayEquals(new float[][] {{1, 3, 0}, {0, 3, 1}, {1, 2, 4}, {0.5f, 1, 0.25f}}, sum.logits());
        assertArrayEquals(TRUTH, sum.truth());
        assertEquals("PrivateTest", sum.split());
        assertArrayEquals(new boolean[] {false, true, true, true}, sum.correct());
        assertEquals(FIRST, Predictions.sum(List.of(FIRST)), "a sum of one is that one");
        assertArrayEquals(new float[] {2, 1, 0}, FIRST.logits()[0], "the summands are left as they were");
    }

    @Test
    void aSumRefusesPredictionsOfOtherImagesWithASentence() {
        Predictions otherTruth = new Predictions("PrivateTest", new int[] {0, 1, 2, 0}, SECOND.logits());
        var error = assertThrows(IllegalArgumentException.class, () -> Predictions.sum(List.of(FIRST, otherTruth)));
        assertTrue(error.getMessage().contains("not of the same images"), error.getMessage());
        Predictions fewer = new Predictions("PrivateTest", new int[] {0, 1}, new float[][] {{1, 0, 0}, {0, 1, 0}});
        assertThrows(IllegalArgumentException.class, () -> Predictions.sum(List.of(FIRST, fewer)));
        Predictions otherSplit = new Predictions("PublicTest", TRUTH, SECOND.logits());
        assertThrows(IllegalArgumentException.class, () -> Predictions.sum(List.of(FIRST, otherSplit)));
        Predictions twoClasses = new Predictions("PrivateTest", TRUTH, new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Predictions.sum(List.of(FIRST, twoClasses)))
                .getMessage().contains("logits an image"));
        assertThrows(IllegalArgumentException.class, () -> Predictions.sum(List.of()));
    }

    @Test
    void rowsAndTruthsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> new Predictions("PrivateTest", new int[] {0},
                new float[][] {{1, 0, 0}, {0, 1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> new Predictions("PrivateTest", new int[] {0, 1},
                new float[][] {{1, 0, 0}, {0, 1}}));
    }

    @Test
    void theMetricsAreThoseOfThePredictedClasses() {
        EvaluationResult metrics = FIRST.evaluate(CLASSES);
        EvaluationResult expected = ClassificationMetrics.evaluate("PrivateTest", TRUTH, new int[] {0, 1, 1, 0}, CLASSES);
        assertEquals(0.5, metrics.accuracy(), 1e-12);
        assertEquals(expected.balancedAccuracy(), metrics.balancedAccuracy(), 0);
        assertEquals(expected.macroF1(), metrics.macroF1(), 0);
        assertEquals(expected.perClass(), metrics.perClass());
        assertArrayEquals(expected.confusionMatrix(), metrics.confusionMatrix());
        assertEquals("PrivateTest", metrics.split());
    }

    @Test
    void theJsonFileHoldsTheSplitTruthsAndLogitsAndReadsBackExactly() throws Exception {
        Predictions awkward = new Predictions("PrivateTest", new int[] {6, 0}, new float[][] {
                {0.1f, -1e-7f, 3.4028235e38f, 1 / 3f, -0f, 7.25f, 12345.679f}, {Float.MIN_VALUE, 0, 0, 0, 0, 0, 0}});
        String json = Json.write(awkward);
        JsonNode tree = Json.MAPPER.readTree(json);
        assertEquals(List.of("split", "truth", "logits"), List.copyOf(iterable(tree.fieldNames())), json);
        Predictions back = Json.read(json.getBytes(StandardCharsets.UTF_8), Predictions.class);
        assertEquals(awkward, back);
        assertArrayEquals(awkward.logits()[0], back.logits()[0], 0f);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
