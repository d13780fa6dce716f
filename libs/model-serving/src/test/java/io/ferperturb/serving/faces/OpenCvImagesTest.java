package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Every layout reaches OpenCV as the same BGR bytes as the image's own colours. */
class OpenCvImagesTest {

    @Test
    void packedBgrImagesAndTheirSubimagesKeepTheirColours() {
        BufferedImage image = noise(BufferedImage.TYPE_3BYTE_BGR, 37, 23);
        assertSameColours(image);
        assertSameColours(image.getSubimage(5, 3, 20, 11));
    }

    @Test
    void otherLayoutsKeepTheirColours() {
        assertSameColours(noise(BufferedImage.TYPE_INT_RGB, 31, 17));
        assertSameColours(noise(BufferedImage.TYPE_INT_ARGB, 9, 14));
        assertSameColours(noise(BufferedImage.TYPE_BYTE_GRAY, 12, 8));
    }

    private static void assertSameColours(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] expected = new byte[width * height * 3];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = image.getRGB(x, y);
                expected[i++] = (byte) p;
                expected[i++] = (byte) (p >> 8);
                expected[i++] = (byte) (p >> 16);
            }
        }
        byte[] actual = new byte[expected.length];
        try (Mat mat = OpenCvImages.bgr(image)) {
            mat.data().get(actual);
        }
        assertArrayEquals(expected, actual);
    }

    private static BufferedImage noise(int type, int width, int height) {
        Random random = new Random(width * 31L + height);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }
}
