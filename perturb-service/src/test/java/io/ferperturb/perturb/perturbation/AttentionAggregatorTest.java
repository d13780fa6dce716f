package io.ferperturb.perturb.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.perturb.perturbation.AttentionAggregator.Attention;
import io.ferperturb.perturb.perturbation.AttentionAggregator.InputScale;
import io.ferperturb.perturb.perturbation.AttentionAggregator.Settings;
import org.junit.jupiter.api.Test;

class AttentionAggregatorTest {
    private static final int PIXELS = FaceImage.PIXELS;

    @Test
    void averagesThenCutsBelowTheThresholdThenScalesToAlpha() {
        float[] maps = new float[2 * PIXELS];
        maps[0] = 1.0f;            // mean 0.9: the maximum, becomes α
        maps[PIXELS] = 0.8f;
        maps[1] = 0.6f;            // mean 0.6: kept, 0.6 / 0.9 · α
        maps[PIXELS + 1] = 0.6f;
        maps[2] = 0.9f;            // mean 0.45: below 0.5, cut
        maps[PIXELS + 2] = 0.0f;
        for (int p = 3; p < PIXELS; p++) {
            maps[p] = 0.3f;
            maps[PIXELS + p] = 0.3f;
        }

        Attention attention = new AttentionAggregator().aggregate(maps, 2);

        assertEquals(0.9f, attention.mean()[0], 1e-6);
        assertEquals(0.45f, attention.mean()[2], 1e-6);
        assertEquals(1.2f, attention.scaled()[0], 1e-6);
        assertEquals(0.6 / 0.9 * 1.2, attention.scaled()[1], 1e-6);
        assertEquals(0f, attention.scaled()[2]);
        assertEquals(0f, attention.scaled()[100]);
        assertEquals(2, attention.kept());
        assertEquals(2, attention.images());
    }

    @Test
    void aSumOverManyImagesIsNotThresholdedAsARawSum() {
        float[] maps = SyntheticAttention.maps(300, 1);

        Attention attention = new AttentionAggregator().aggregate(maps, 300);

        // the raw sum of 300 maps is far above 0.5 everywhere; the mean keeps only the bumps
        int eye = SyntheticAttention.EYE_Y * 48 + SyntheticAttention.LEFT_EYE_X;
        int mouth = SyntheticAttention.MOUTH_Y * 48 + SyntheticAttention.MOUTH_X;
        assertEquals(0f, attention.scaled()[2 * 48 + 2], "a corner pixel is cut");
        assertEquals(1.2f, attention.scaled()[mouth], 0.1f, "the mouth centre is near α");
        assertEquals(0.62 / 0.98 * 1.2, attention.scaled()[eye], 0.1, "the eye centre: mean ≈ 0.62 of max ≈ 0.98");
        int kept = attention.kept();
        assertEquals(true, kept > 50 && kept < 600, kept + " pixels kept");
    }

    @Test
    void onTheSumScaleTheThresholdCutsOnlyWhatAlmostNoImageAttendsTo() {
        float[] maps = new float[4 * PIXELS];
        for (int i = 0; i < 4; i++) {
            maps[i * PIXELS] = 1.0f;  // sum 4, mean 1: the maximum either way
            maps[i * PIXELS + 1] = 0.2f; // sum 0.8 kept; mean 0.2 cut
        }
        maps[2] = 0.4f;                  // one image only: sum 0.4, cut on both scales
        Settings sum = new Settings(0.5, 1.2, InputScale.AS_IS, AttentionAggregator.ThresholdScale.SUM);

        Attention onSum = new AttentionAggregator(sum).aggregate(maps, 4);
        Attention onMean = new AttentionAggregator().aggregate(maps, 4);

        assertEquals(0.2 / 1.0 * 1.2, onSum.scaled()[1], 1e-6);
        assertEquals(0f, onSum.scaled()[2]);
        assertEquals(2, onSum.kept());
        assertEquals(0f, onMean.scaled()[1]);
        assertEquals(1, onMean.kept());
        assertArrayEquals(onMean.mean(), onSum.mean(), "the mean map does not depend on where the cut is made");
        assertEquals(AttentionAggregator.ThresholdScale.SUM, AttentionAggregator.ThresholdScale.parse("sum"));
        assertThrows(IllegalArgumentException.class, () -> AttentionAggregator.ThresholdScale.parse("median"));
    }

    @Test
    void streamingAndParallelSumsAgree() {
        float[] maps = SyntheticAttention.maps(5000, 2);
        AttentionAggregator aggregator = new AttentionAggregator();

        Attention all = aggregator.aggregate(maps, 5000);
        AttentionAggregator.Accumulator accumulator = aggregator.accumulator();
        for (int first = 0; first < 5000; first += 333) {
            accumulator.add(maps, first, Math.min(333, 5000 - first));
        }
        Attention streamed = accumulator.result();

        assertEquals(5000, streamed.images());
        assertArrayEquals(all.mean(), streamed.mean(), 1e-5f);
        assertArrayEquals(all.scaled(), streamed.scaled(), 1e-5f);
    }

    @Test
    void perImageMaxPutsUnscaledSaliencyOnTheGateScale() {
        float[] maps = new float[2 * PIXELS];
        maps[0] = 1e-3f;           // image 0: max 1e-3 at pixel 0
        maps[PIXELS + 5] = 40f;    // image 1: max 40 at pixel 5
        maps[PIXELS] = 20f;        // image 1: pixel 0 at half its max

        Attention raw = new AttentionAggregator().aggregate(maps, 2);
        Attention scaled = new AttentionAggregator(new Settings(0.5, 1.2, InputScale.PER_IMAGE_MAX)).aggregate(maps, 2);

        assertEquals(0.75f, scaled.mean()[0], 1e-6);
        assertEquals(0.5f, scaled.mean()[5], 1e-6);
        assertEquals(1.2f, scaled.scaled()[0], 1e-6);
        assertEquals(0.8f, scaled.scaled()[5], 1e-6);
        assertEquals(20f, raw.mean()[5], 1e-6);
    }

    @Test
    void saliencyIsThresholdedRelativeToItsPeakSoThatSpikyGradientsKeepTheirStrongestRegion() {
        float[] maps = new float[4 * PIXELS];
        for (int i = 0; i < 4; i++) { // each image peaks somewhere else; pixel 7 is strong in all of them
            maps[i * PIXELS + 100 + i] = 1f;
            maps[i * PIXELS + 7] = 0.9f;
        }
        Attention saliency = new AttentionAggregator(new Settings(0.5, 1.2, InputScale.PER_IMAGE_MAX)).aggregate(maps, 4);

        assertEquals(0.9f, saliency.mean()[7], 1e-6f);
        assertEquals(1, saliency.kept(), "only pixel 7 reaches half of the mean map's peak");
        assertEquals(1.2f, saliency.scaled()[7], 1e-6f);
        assertEquals(0f, saliency.scaled()[100], 1e-6f);
    }

    @Test
    void aFlatMapScalesToZero() {
        float[] maps = new float[PIXELS];
        java.util.Arrays.fill(maps, 0.2f);

        Attention attention = new AttentionAggregator().aggregate(maps, 1);

        assertEquals(0, attention.kept());
        assertArrayEquals(new float[PIXELS], attention.scaled());
        assertThrows(IllegalArgumentException.class, () -> new AttentionAggregator().aggregate(maps, 2));
        assertThrows(IllegalStateException.class, () -> new AttentionAggregator().accumulator().result());
    }
}
