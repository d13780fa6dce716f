package io.ferperturb.synthetic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated crops look like FER2013 faces on average: dark eyes and mouth where expected, full tonal range. */
class SyntheticFaceAppearanceTest {
    private static final int FACES_PER_CLASS = 60;
    private static final double[] meanFace = new double[FaceImage.PIXELS];

    @BeforeAll
    static void averageFaces() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(11);
        for (Emotion emotion : Emotion.values()) {
            for (int i = 0; i < FACES_PER_CLASS; i++) {
                byte[] pixels = generator.draw(emotion, i);
                for (int k = 0; k < pixels.length; k++) {
                    meanFace[k] += (pixels[k] & 0xFF) / (double) (FACES_PER_CLASS * Emotion.COUNT);
                }
            }
        }
    }

    @Test
    void eyesAreDarkerThanTheNoseBridgeAndCheeks() {
        double leftEye = mean(17, 21, 11, 17);
        double rightEye = mean(17, 21, 30, 36);
        double bridge = mean(17, 21, 22, 25);
        double cheeks = (mean(24, 28, 8, 14) + mean(24, 28, 33, 39)) / 2;
        for (double eye : new double[] {leftEye, rightEye}) {
            assertTrue(bridge - eye > 20, "eye " + eye + " vs bridge " + bridge);
            assertTrue(cheeks - eye > 20, "eye " + eye + " vs cheeks " + cheeks);
        }
    }

    @Test
    void mouthIsDarkerThanChinAndCheeksBelowTheEyes() {
        double mouth = mean(35, 38, 19, 28);
        double chin = mean(41, 44, 19, 28);
        double cheeks = (mean(30, 34, 8, 14) + mean(30, 34, 33, 39)) / 2;
        assertTrue(chin - mouth > 12, "mouth " + mouth + " vs chin " + chin);
        assertTrue(cheeks - mouth > 12, "mouth " + mouth + " vs cheeks " + cheeks);
    }

    @Test
    void faceFillsTheFrameWithSkinInTheMiddleAndHairOrBackgroundInTheTopCorners() {
        double middle = mean(22, 30, 12, 35);
        double topCorners = (mean(0, 4, 0, 4) + mean(0, 4, 43, 47)) / 2;
        double sides = (mean(22, 30, 0, 1) + mean(22, 30, 46, 47)) / 2;
        assertTrue(middle - topCorners > 20, "skin " + middle + " vs corners " + topCorners);
        assertTrue(middle - sides > 20, "skin " + middle + " vs image sides " + sides);
    }

    @Test
    void pixelsUseMostOfTheByteRange() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(12);
        int faces = 0;
        double spread = 0;
        int darkest = 255;
        int brightest = 0;
        for (Emotion emotion : Emotion.values()) {
            for (int i = 0; i < 20; i++) {
                int[] sorted = sortedPixels(generator.draw(emotion, i));
                spread += sorted[sorted.length * 99 / 100] - sorted[sorted.length / 100];
                darkest = Math.min(darkest, sorted[0]);
                brightest = Math.max(brightest, sorted[sorted.length - 1]);
                faces++;
            }
        }
        assertTrue(spread / faces > 110, "mean 1st–99th percentile spread " + spread / faces);
        assertTrue(darkest < 15 && brightest > 240, "range " + darkest + "–" + brightest);
    }

    private static int[] sortedPixels(byte[] pixels) {
        int[] values = new int[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            values[k] = pixels[k] & 0xFF;
        }
        Arrays.sort(values);
        return values;
    }

    private static double mean(int row0, int row1, int col0, int col1) {
        double sum = 0;
        for (int y = row0; y <= row1; y++) {
            for (int x = col0; x <= col1; x++) {
                sum += meanFace[y * FaceImage.SIDE + x];
            }
        }
        return sum / ((row1 - row0 + 1) * (col1 - col0 + 1));
    }
}
