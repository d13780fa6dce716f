package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FacePixelConverterTest {

    @Test
    void greyscale48KeepsItsStoredValuesExactly() {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        byte[] expected = new byte[FaceImage.PIXELS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 7);
            image.getRaster().setSample(i % 48, i / 48, 0, i * 7 & 0xFF);
        }

        assertArrayEquals(expected, FacePixelConverter.toFacePixels(image));
    }

    @Test
    void a48PixelCropOfALargerGreyImageIsThatRegionsValues() {
        BufferedImage photo = new BufferedImage(100, 80, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                photo.getRaster().setSample(x, y, 0, (x * 3 + y * 5) & 0xFF);
            }
        }
        byte[] expected = new byte[FaceImage.PIXELS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) ((i % 48 + 30) * 3 + (i / 48 + 20) * 5);
        }

        // a sub-image shares the photo's raster, offset and with the photo's row stride
        assertArrayEquals(expected, FacePixelConverter.toFacePixels(photo.getSubimage(30, 20, 48, 48)));
    }

    @Test
    void colourUsesPillowsLumaWeights() {
        byte[] red = FacePixelConverter.toFacePixels(TestImages.rgb(48, 0xFF0000));
        byte[] mixed = FacePixelConverter.toFacePixels(TestImages.rgb(48, 0x336699));

        assertEquals(76, red[0] & 0xFF);
        assertEquals((0x33 * 19595 + 0x66 * 38470 + 0x99 * 7471 + 0x8000) >> 16, mixed[100] & 0xFF);
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                image.getRaster().setSample(x, y, 0, (x + y) % 2 == 0 ? 200 : 100);
            }
        }
        image.getRaster().setSample(0, 0, 0, 0);

        byte[] pixels = FacePixelConverter.toFacePixels(image);

        assertEquals(Math.round((0 + 100 + 100 + 200) / 4.0), pixels[0] & 0xFF);
        assertEquals(150, pixels[1] & 0xFF);
        assertEquals(150, pixels[FaceImage.PIXELS - 1] & 0xFF);
    }

    @Test
    void nonIntegerScaleWeighsPartlyCoveredPixels() {
        float[] source = {0, 90, 180};
        float[] halfWidth = FacePixelConverter.resizeAreaAverage(source, 3, 1, 2, 1);

        assertEquals((0 + 90 * 0.5f) / 1.5f, halfWidth[0], 1e-4);
        assertEquals((90 * 0.5f + 180) / 1.5f, halfWidth[1], 1e-4);
    }

    @Test
    void uniformImageOfAnySizeStaysUniform() {
        byte[] pixels = FacePixelConverter.toFacePixels(TestImages.grey(73, 91));

        for (byte p : pixels) {
            assertEquals(91, p & 0xFF);
        }
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_USHORT_GRAY);
        image.getRaster().setSample(3, 0, 0, 65535);
        image.getRaster().setSample(4, 0, 0, 32896);

        byte[] pixels = FacePixelConverter.toFacePixels(image);

        assertEquals(255, pixels[3] & 0xFF);
        assertEquals(128, pixels[4] & 0xFF);
        assertEquals(0, pixels[5] & 0xFF);
    }
}
