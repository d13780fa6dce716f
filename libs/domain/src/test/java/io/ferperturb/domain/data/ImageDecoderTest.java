package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(40_000_000L);

    @Test
    void aSmallImageDecodesTheSameEitherWay() {
        byte[] png = TestImages.png(TestImages.grey(48, 77));
        BufferedImage small = decoder.decodeIfAtMost(png, 64);
        assertNotNull(small);
        assertArrayEquals(pixels(decoder.decode(png)), pixels(small));
        assertEquals(77, small.getRaster().getSample(10, 20, 0));
    }

    @Test
    void aLargerImageIsLeftUndecodedForTheSlowPath() {
        assertNull(decoder.decodeIfAtMost(TestImages.png(TestImages.grey(65, 0)), 64));
        // a header claiming more than the side is enough: no pixel data is read
        assertNull(decoder.decodeIfAtMost(TestImages.pngHeaderClaiming(100, 40), 64));
        assertEquals(65, decoder.decode(TestImages.png(TestImages.grey(65, 0))).getWidth());
    }

    @Test
    void badBytesAreRefusedOnEitherPath() {
        byte[] png = TestImages.png(TestImages.grey(48, 77));
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        InvalidImageException error = assertThrows(InvalidImageException.class, () -> decoder.decodeIfAtMost(truncated, 64));
        assertTrue(error.getMessage().contains("corrupt or truncated"), error.getMessage());
        assertThrows(InvalidImageException.class, () -> decoder.decodeIfAtMost(new byte[0], 64));
        assertThrows(InvalidImageException.class, () -> decoder.decodeIfAtMost("not an image".getBytes(), 64));
        // a decompression bomb is refused from its header whatever the caller's side limit
        assertThrows(ImageTooLargeException.class, () -> decoder.decodeIfAtMost(TestImages.pngHeaderClaiming(100_000, 100_000), 64));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }
}
