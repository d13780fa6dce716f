package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.Augmentation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final Normalisation NORM = Normalisation.FER2013;
    private final byte[] face = new SyntheticFaceGenerator(3).draw(Emotion.HAPPY, 0);

    @Test
    void zeroRangesReproduceThePlainPreprocessingExactly() {
        Augmentation identity = new Augmentation(true, 1.0, 1.0, 0.0, 0.0, false, 0.0, 0.0);
        float[] out = new float[FaceImage.PIXELS];
        new Augmenter(identity, NORM).apply(face, 0, out, 0, new SplittableRandom(1));
        float[] plain = new float[FaceImage.PIXELS];
        FacePreprocessing.toInput(face, 0, plain, 0, NORM);
        assertArrayEquals(plain, out, 1e-4f);
    }

    @Test
    void aFlipOnlyAugmentationMirrorsTheFace() {
        Augmentation flip = new Augmentation(true, 1.0, 1.0, 0.0, 0.0, true, 0.0, 0.0);
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
                pixels[p] = (byte) Math.max(0, Math.min(255, Math.round((out[p] * NORM.std() + NORM.mean()) * 255)));
                meanAbsoluteChange += Math.abs(out[p] - plain[p]) / FaceImage.PIXELS / 16;
            }
            grid.getRaster().setDataElements((i % 8) * 48, (i / 8) * 48, 48, 48, pixels);
        }
        Path png = Path.of("target", "augmentation-examples.png");
        Files.createDirectories(png.getParent());
        ImageIO.write(grid, "png", png.toFile());
        org.junit.jupiter.api.Assertions.assertTrue(meanAbsoluteChange > 0.05 && meanAbsoluteChange < 1.5,
                "mean absolute change " + meanAbsoluteChange);
    }
}
