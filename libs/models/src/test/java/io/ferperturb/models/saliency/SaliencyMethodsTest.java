package io.ferperturb.models.saliency;

import static io.ferperturb.models.saliency.SaliencyFixtures.SIDE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.ferperturb.models.EmotionClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaliencyMethodsTest {
    private static final float BLACK = -2f; // (0 − 0.5) / 0.25

    /** Not resnet50 and resmasking (ArchitectureFixtures.SLOW_ON_CPU); resmasking's Grad-CAM cut is checked below. */
    @ParameterizedTest
    @ValueSource(strings = {"cnn", "vgg16", "resnet18", "dpn26", "densenet121", "attention-cnn", "vgg16-gap"})
    void everyMethodGivesANonNegativeInputSizedMapForEveryArchitecture(String architecture) {
        SaliencyMethod[] methods = {new VanillaGradient(), new SmoothGrad(3, 0.15, 1), new IntegratedGradients(3, BLACK),
            new GradCam()};
        try (Model model = SaliencyFixtures.model(architecture)) {
            for (SaliencyMethod method : methods) {
                float[][] maps = method.maps(model, SaliencyFixtures.faces(2, 6), SIDE, new int[] {0, 5});
                assertEquals(2, maps.length);
                for (float[] map : maps) {
                    assertEquals(SIDE * SIDE, map.length);
                    boolean anyPositive = false;
                    for (float v : map) {
                        assertTrue(v >= 0 && Float.isFinite(v), architecture + " " + method.name() + " value " + v);
                        anyPositive |= v > 0;
                    }
                    assertTrue(anyPositive || method instanceof GradCam, architecture + " " + method.name() + " is all zeros");
                }
            }
        }
    }

    @Test
    void gradCamCutsAfterTheLastStageWithASpatialMap() {
        try (Model cnn = SaliencyFixtures.model("cnn"); Model vggGap = SaliencyFixtures.model("vgg16-gap");
                Model vgg = SaliencyFixtures.model("vgg16"); Model resMasking = SaliencyFixtures.model("resmasking")) {
            // cnn: 3 × (conv, bn, relu, pool) then flatten: the cut is the third pool (index 11, 6×6)
            assertEquals(11, ConvStages.of(cnn, SIDE).cut());
            // vgg16-gap: 13 × (conv, bn, relu) + 5 pools; the last pool leaves 1×1, so the cut is the ReLU before it
            assertEquals(13 * 3 + 5 - 2, ConvStages.of(vggGap, SIDE).cut());
            // vgg16: the same with a dropout after each ReLU: the cut is the dropout before the last pool
            assertEquals(13 * 4 + 5 - 2, ConvStages.of(vgg, SIDE).cut());
            // resmasking: padding, stem (conv, bn, relu, pool), four masked stages: the last stage's 2×2 map
            assertEquals(1 + 4 + 3, ConvStages.of(resMasking, SIDE).cut());
        }
    }

    @Test
    void integratedGradientsAreComplete() {
        try (Model model = SaliencyFixtures.model("cnn")) {
            float[] image = SaliencyFixtures.faces(1, 7);
            int target = 4;
            float[] attributions = new IntegratedGradients(256, BLACK).attributions(model, image, SIDE, new int[] {target})[0];
            float[] baseline = new float[image.length];
            java.util.Arrays.fill(baseline, BLACK);
            double expected = EmotionClassifier.forward(model, image, 1, SIDE)[target]
                    - EmotionClassifier.forward(model, baseline, 1, SIDE)[target];
            double sum = 0;
            double mass = 0;
            for (float a : attributions) {
                sum += a;
                mass += Math.abs(a);
            }
            // the midpoint rule's error grows with the attributions' mass, not with their (possibly tiny) sum:
            // 256 steps stay within 3e-4 of the mass over a dozen random cnns, while a broken path is off by ~1
            assertEquals(expected, sum, 0.05 * Math.abs(expected) + 5e-4 * mass);
        }
    }

    @Test
    void smoothGradWithoutNoiseIsTheGradientAndIsSeeded() {
        try (Model model = SaliencyFixtures.model("cnn")) {
            float[] images = SaliencyFixtures.faces(2, 8);
            int[] targets = {1, 3};
            float[][] plain = new VanillaGradient().maps(model, images, SIDE, targets);
            float[][] noiseless = new SmoothGrad(3, 0, 1).maps(model, images, SIDE, targets);
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(plain[i], noiseless[i], 1e-5f);
            }
            float[][] a = new SmoothGrad(10, 0.2, 9).maps(model, images, SIDE, targets);
            float[][] b = new SmoothGrad(10, 0.2, 9).maps(model, images, SIDE, targets);
            assertArrayEquals(a[0], b[0]);
            assertFalse(java.util.Arrays.equals(a[0], plain[0]));
        }
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothGrad(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SmoothGrad(10, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeletionScore(1.5, 4, 1));
    }

    @Test
    void normalisedMapsSpanZeroToOne() {
        float[] n = Maps.normalised(new float[] {2, 4, 3});
        assertArrayEquals(new float[] {0, 1, 0.5f}, n);
        assertArrayEquals(new float[] {0, 0}, Maps.normalised(new float[] {5, 5}));
    }
}
