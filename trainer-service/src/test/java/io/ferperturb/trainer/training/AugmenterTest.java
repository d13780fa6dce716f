package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final Normalisation NORM = Normalisation.FER2013;
    private static final int SIDE = FaceImage.SIDE;
    /** Draws per frequency check: a probability's standard error is then at most 0.0035, a tenth of the bound. */
    private static final int DRAWS = 20_000;
    private static final double BOUND = 0.035;
    private final byte[] face = new SyntheticFaceGenerator(3).draw(Emotion.HAPPY, 0);

    @Test
    void zeroRangesReproduceThePlainPreprocessingWhetherTheTransformsFireOrNot() {
        float[] plain = new float[FaceImage.PIXELS];
        FacePreprocessing.toInput(face, 0, plain, 0, NORM);
        for (double p : new double[] {0, 1}) {
            Augmentation identity = new Augmentation(true, 1.0, 1.0, 0.0, 0.0, false, 0.0, 0.0, p, p, p);
            Augmenter augmenter = new Augmenter(identity, NORM);
            SplittableRandom rng = new SplittableRandom(1);
            for (int i = 0; i < 20; i++) {
                float[] out = new float[FaceImage.PIXELS];
                augmenter.apply(face, 0, out, 0, rng);
                assertArrayEquals(plain, out, 1e-4f, "probability " + p + ", image " + i);
            }
        }
    }

    @Test
    void aFlipOnlyAugmentationMirrorsHalfTheFaces() {
        Augmentation flip = new Augmentation(true, 1.0, 1.0, 0.0, 0.0, true, 0.0, 0.0, 0.0, 0.0, 0.0);
        float[] plain = new float[FaceImage.PIXELS];
        FacePreprocessing.toInput(face, 0, plain, 0, NORM);
        SplittableRandom rng = new SplittableRandom(5);
        Augmenter augmenter = new Augmenter(flip, NORM);
        int mirrored = 0;
        for (int i = 0; i < 20; i++) {
            float[] out = new float[FaceImage.PIXELS];
            augmenter.apply(face, 0, out, 0, rng);
            if (out[5] == plain[47 - 5] && out[48 * 30 + 10] == plain[48 * 30 + 37]) {
                mirrored++;
            } else {
                assertEquals(plain[5], out[5], 1e-4f);
            }
        }
        assertNotEquals(0, mirrored);
        assertNotEquals(20, mirrored);
    }

    @Test
    void eachTransformFiresWithItsProbability() {
        assertFrequencies(Augmentation.PAPER, 0.5, 0.5, 0.5, 0.5);
        assertFrequencies(new Augmentation(true, 0.8, 1.2, 10.0, 0.2, true, 0.5, 0.6, 0.3, 0.7, 0.1), 0.3, 0.7, 0.1, 0.6);
        assertFrequencies(new Augmentation(true, 0.8, 1.2, 10.0, 0.2, false, 0.5, 0.0, 1.0, 0.0, 1.0), 1, 0, 1, 0);
    }

    private static void assertFrequencies(Augmentation augmentation, double jitter, double translate, double rotation,
            double erasing) {
        Augmenter augmenter = new Augmenter(augmentation, NORM, 40);
        SplittableRandom rng = new SplittableRandom(17);
        int[] fired = new int[5];
        for (int i = 0; i < DRAWS; i++) {
            Augmenter.Draw d = augmenter.draw(rng);
            fired[0] += d.jittered() ? 1 : 0;
            fired[1] += d.translated() ? 1 : 0;
            fired[2] += d.rotated() ? 1 : 0;
            fired[3] += d.erased() ? 1 : 0;
            fired[4] += d.mirrored() ? 1 : 0;
            assertTrue(Math.abs(d.shiftX()) <= 10 && Math.abs(d.shiftY()) <= 10, "round(±9.6) at most: " + d);
            assertTrue(Math.abs(d.degrees()) <= augmentation.rotation(), d.toString());
            assertTrue(d.cropLeft() >= 0 && d.cropLeft() <= 8 && d.cropTop() >= 0 && d.cropTop() <= 8, d.toString());
            if (d.jittered()) {
                assertTrue(d.brightness() >= 0.5f && d.brightness() <= 1.5f && d.contrast() >= 0.5f
                        && d.contrast() <= 1.5f, d.toString());
            }
            if (d.eraseHeight() > 0) {
                assertTrue(d.eraseTop() + d.eraseHeight() <= 40 && d.eraseLeft() + d.eraseWidth() <= 40, d.toString());
                double area = d.eraseHeight() * d.eraseWidth() / 1600.0; // of the 40×40 input, not the face
                assertTrue(area > 0.02 - 0.01 && area < 0.33 + 0.03, "erased area " + area);
            }
        }
        double[] expected = {jitter, translate, rotation, erasing, augmentation.flip() ? 0.5 : 0};
        String[] names = {"jitter", "translate", "rotation", "erasing", "flip"};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], (double) fired[t] / DRAWS, BOUND, names[t] + " of " + augmentation);
        }
    }

    @Test
    void theResizedCropsAreaFractionAndAspectAreDrawnAsTorchvisionDraws() {
        Augmentation small = new Augmentation(true, 0.5, 0.7, 10.0, 0.2, true, 0.5, 0.5, 0.5, 0.5, 0.5);
        Augmenter augmenter = new Augmenter(small, NORM);
        SplittableRandom rng = new SplittableRandom(23);
        double areaSum = 0;
        double logAspectSum = 0;
        for (int i = 0; i < DRAWS; i++) {
            Augmenter.Draw d = augmenter.draw(rng);
            double area = (double) d.boxHeight() * d.boxWidth() / FaceImage.PIXELS;
            double aspect = (double) d.boxWidth() / d.boxHeight();
            // whole-pixel sides move the area by at most about half a row and half a column: 0.5 × 2 × 40 / 2304
            assertTrue(area >= 0.5 - 0.02 && area <= 0.7 + 0.02, "area fraction " + area + " of " + d);
            assertTrue(aspect >= 0.75 - 0.04 && aspect <= 4 / 3.0 + 0.06, "aspect " + aspect + " of " + d);
            assertTrue(d.boxTop() >= 0 && d.boxLeft() >= 0 && d.boxTop() + d.boxHeight() <= SIDE
                    && d.boxLeft() + d.boxWidth() <= SIDE, d.toString());
            areaSum += area;
            logAspectSum += Math.log(aspect);
        }
        assertEquals(0.6, areaSum / DRAWS, 0.005, "area fraction uniform on [0.5, 0.7]");
        assertEquals(0, logAspectSum / DRAWS, 0.01, "aspect log-uniform on [3/4, 4/3]");
    }

    @Test
    void withThePapersScaleAFaceIsKeptWholeAsOftenAsTenTriesAndTheFallbackMake() {
        // One try at area fraction s ~ U(0.8, 1.2), aspect r ~ log-U(3/4, 4/3) fits when both rounded sides are at
        // most 48; integrated on a grid: q fits, q48 fits as 48×48. The face stays whole when ten tries fail, or when
        // a try before that gives 48×48.
        int n = 1000;
        double q = 0;
        double q48 = 0;
        for (int i = 0; i < n; i++) {
            double s = 0.8 + 0.4 * (i + 0.5) / n;
            for (int j = 0; j < n; j++) {
                double r = Math.exp(Math.log(0.75) + (Math.log(4 / 3.0) - Math.log(0.75)) * (j + 0.5) / n);
                long w = Math.round(Math.sqrt(2304 * s * r));
                long h = Math.round(Math.sqrt(2304 * s / r));
                if (w <= 48 && h <= 48) {
                    q += 1.0 / n / n;
                    q48 += w == 48 && h == 48 ? 1.0 / n / n : 0;
                }
            }
        }
        double allFail = Math.pow(1 - q, 10);
        double expectedWhole = allFail + q48 * (1 - allFail) / q;

        Augmenter augmenter = new Augmenter(Augmentation.PAPER, NORM);
        SplittableRandom rng = new SplittableRandom(29);
        int whole = 0;
        for (int i = 0; i < DRAWS; i++) {
            Augmenter.Draw d = augmenter.draw(rng);
            assertTrue(d.boxHeight() * d.boxWidth() <= FaceImage.PIXELS, "a box never leaves the face: " + d);
            whole += d.boxHeight() == SIDE && d.boxWidth() == SIDE ? 1 : 0;
        }
        assertTrue(expectedWhole > 0.05 && expectedWhole < 0.15, "about one face in " + Math.round(1 / expectedWhole));
        assertEquals(expectedWhole, (double) whole / DRAWS, 0.02);
    }

    @Test
    void aHalfSizedBoxIsStretchedBilinearlyBetweenPixelCentresWithItsEdgesClamped() {
        byte[] ramp = new byte[FaceImage.PIXELS];
        for (int p = 0; p < ramp.length; p++) {
            ramp[p] = (byte) (5 * (p % SIDE) + (p / SIDE));
        }
        Augmenter.Draw leftHalf = draw(0, 0, 24, 24);
        float[] out = new float[FaceImage.PIXELS];
        new Augmenter(Augmentation.PAPER, NORM).render(ramp, 0, leftHalf, out, 0);
        for (int y = 0; y < SIDE; y++) {
            double sy = Math.min(23, Math.max(0, (y + 0.5) / 2 - 0.5));
            for (int x = 0; x < SIDE; x++) {
                double sx = Math.min(23, Math.max(0, (x + 0.5) / 2 - 0.5));
                assertEquals(5 * sx + sy, pixel(out[y * SIDE + x]), 1e-3, "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void shiftMirrorAndRotationMoveWholePixelsAndFillWithBlack() {
        byte[] distinct = new byte[FaceImage.PIXELS];
        for (int p = 0; p < distinct.length; p++) {
            distinct[p] = (byte) (p * 7 % 251);
        }
        Augmenter augmenter = new Augmenter(Augmentation.PAPER, NORM);
        Augmenter.Draw whole = draw(0, 0, SIDE, SIDE);
        float[] shifted = new float[FaceImage.PIXELS];
        augmenter.render(distinct, 0, with(whole, true, 3, -2, false, false, 0), shifted, 0);
        float[] turned = new float[FaceImage.PIXELS];
        augmenter.render(distinct, 0, with(whole, false, 0, 0, true, true, 90), turned, 0);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int fromX = x - 3;
                int fromY = y + 2;
                double expected = fromX < 0 || fromY >= SIDE ? 0 : distinct[fromY * SIDE + fromX] & 0xFF;
                assertEquals(expected, pixel(shifted[y * SIDE + x]), 1e-3, "shifted (" + x + ", " + y + ")");
                // a quarter turn takes its pixels from the mirrored face at (y, 47 − x): all inside, none black
                assertEquals(distinct[(SIDE - 1 - x) * SIDE + (SIDE - 1 - y)] & 0xFF, pixel(turned[y * SIDE + x]), 1e-3,
                        "turned (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void brightnessAndContrastClipAndTheirOrderMatters() {
        byte[] halves = new byte[FaceImage.PIXELS];
        for (int p = FaceImage.PIXELS / 2; p < FaceImage.PIXELS; p++) {
            halves[p] = (byte) 250;
        }
        Augmenter augmenter = new Augmenter(Augmentation.PAPER, NORM);
        float[] out = new float[FaceImage.PIXELS];
        // brightness 1.2 first: 0 and 255 (clipped); mean 127.5, rounded to 128; contrast 0.5: 64 and 191.5
        augmenter.render(halves, 0, jittered(1.2f, 0.5f, true), out, 0);
        assertEquals(64, pixel(out[0]), 1e-3);
        assertEquals(191.5, pixel(out[FaceImage.PIXELS - 1]), 1e-3);
        // contrast 0.5 first about the mean 125: 62.5 and 187.5; then brightness 1.2: 75 and 225
        augmenter.render(halves, 0, jittered(1.2f, 0.5f, false), out, 0);
        assertEquals(75, pixel(out[0]), 1e-3);
        assertEquals(225, pixel(out[FaceImage.PIXELS - 1]), 1e-3);
    }

    @Test
    void erasingSetsItsRectangleOfTheCropToTheNormalisedZeroThatIsMidGrey() {
        Augmenter augmenter = new Augmenter(Augmentation.PAPER, NORM, 40);
        Augmenter.Draw d = new Augmenter.Draw(0, 0, SIDE, SIDE, false, 1, 1, true, false, 0, 0, false, false, 0, 4, 4,
                true, 30, 2, 10, 5);
        float[] out = new float[40 * 40];
        byte[] black = new byte[FaceImage.PIXELS];
        augmenter.render(black, 0, d, out, 0);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                boolean erased = y >= 30 && x >= 2 && x < 7;
                assertEquals(erased ? 127.5 : 0, pixel(out[y * 40 + x]), 1e-3, "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void thePapersAugmentationKeepsFacesRecognisable() throws Exception {
        Augmenter augmenter = new Augmenter(Augmentation.PAPER, NORM);
        SplittableRandom rng = new SplittableRandom(9);
        BufferedImage grid = new BufferedImage(48 * 8, 48 * 2, BufferedImage.TYPE_BYTE_GRAY);
        double meanAbsoluteChange = 0;
        float[] plain = new float[FaceImage.PIXELS];
        FacePreprocessing.toInput(face, 0, plain, 0, NORM);
        for (int i = 0; i < 16; i++) {
            float[] out = new float[FaceImage.PIXELS];
            augmenter.apply(face, 0, out, 0, rng);
            byte[] pixels = new byte[FaceImage.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) Math.max(0, Math.min(255, Math.round(pixel(out[p]))));
                meanAbsoluteChange += Math.abs(out[p] - plain[p]) / FaceImage.PIXELS / 16;
            }
            grid.getRaster().setDataElements((i % 8) * 48, (i / 8) * 48, 48, 48, pixels);
        }
        Path png = Path.of("target", "augmentation-examples.png");
        Files.createDirectories(png.getParent());
        ImageIO.write(grid, "png", png.toFile());
        assertTrue(meanAbsoluteChange > 0.05 && meanAbsoluteChange < 1.5, "mean absolute change " + meanAbsoluteChange);
    }

    /** The grey level (0–255) of a normalised input value. */
    private static double pixel(float normalised) {
        return (normalised * NORM.std() + NORM.mean()) * 255;
    }

    /** A draw that only resizes the given box of the face. */
    private static Augmenter.Draw draw(int top, int left, int height, int width) {
        return new Augmenter.Draw(top, left, height, width, false, 1, 1, true, false, 0, 0, false, false, 0, 0, 0, false,
                0, 0, 0, 0);
    }

    private static Augmenter.Draw with(Augmenter.Draw d, boolean translated, int shiftX, int shiftY, boolean mirrored,
            boolean rotated, double degrees) {
        return new Augmenter.Draw(d.boxTop(), d.boxLeft(), d.boxHeight(), d.boxWidth(), false, 1, 1, true, translated,
                shiftX, shiftY, mirrored, rotated, degrees, 0, 0, false, 0, 0, 0, 0);
    }

    private static Augmenter.Draw jittered(float brightness, float contrast, boolean brightnessFirst) {
        return new Augmenter.Draw(0, 0, SIDE, SIDE, true, brightness, contrast, brightnessFirst, false, 0, 0, false,
                false, 0, 0, 0, false, 0, 0, 0, 0);
    }
}
