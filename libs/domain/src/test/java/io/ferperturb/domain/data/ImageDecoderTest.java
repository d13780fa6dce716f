package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
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

    @Test
    void aFormatOutsidePngJpegBmpGifIsUnsupportedNotMalformed() throws IOException {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(TestImages.grey(48, 77), "tiff", tiff));
        UnsupportedImageFormatException error = assertThrows(UnsupportedImageFormatException.class,
                () -> decoder.decode(tiff.toByteArray()));
        assertTrue(error.getMessage().contains("PNG, JPEG, BMP or GIF"), error.getMessage());
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ....".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(UnsupportedImageFormatException.class, () -> decoder.decode(webp));
        // noise is malformed, not an unsupported format
        InvalidImageException noise = assertThrows(InvalidImageException.class, () -> decoder.decode(new byte[64]));
        assertEquals(InvalidImageException.class, noise.getClass());
    }

    @Test
    void aLargeImageWaitsForNoPermitButIsRefusedWhileEveryOneIsHeld() {
        ImageDecoder gated = new ImageDecoder(40_000_000L, new LargeDecodeGate(1000, 1));
        byte[] large = TestImages.png(TestImages.grey(40, 10)); // 1,600 pixels: needs the one permit
        byte[] small = TestImages.png(TestImages.grey(20, 10)); // 400 pixels: passes freely
        int smallWhileHeld = gated.decode(large, image -> gated.decode(small).getWidth());
        assertEquals(20, smallWhileHeld);
        ImageDecoderBusyException busy = assertThrows(ImageDecoderBusyException.class,
                () -> gated.decode(large, image -> gated.decode(large)));
        assertTrue(busy.retryAfterSeconds() > 0);
        assertTrue(busy.getMessage().contains("retry"), busy.getMessage());
        // the permit came back when the outer decode ended, also after a failure inside it
        assertEquals(40, gated.decode(large).getWidth());
        assertThrows(IllegalStateException.class, () -> gated.decode(large, image -> {
            throw new IllegalStateException("the caller's own failure passes through");
        }));
        assertEquals(40, gated.decode(large).getWidth());
    }

    @Test
    void aHeaderOverTheLimitIsRefusedBeforeThePermitIsTaken() {
        ImageDecoder gated = new ImageDecoder(10_000L, new LargeDecodeGate(1, 1));
        ImageTooLargeException error = gated.decode(TestImages.png(TestImages.grey(20, 10)),
                image -> assertThrows(ImageTooLargeException.class,
                        () -> gated.decode(TestImages.pngHeaderClaiming(5000, 5000))));
        assertTrue(error.getMessage().contains("at most 10000 pixels"), error.getMessage());
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRaster().getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }
}
