package io.ferperturb.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an uploaded image (PNG, JPEG, BMP, GIF — whatever ImageIO reads) only after reading its
 * dimensions from the header, so a tiny file that claims to be 100,000 × 100,000 pixels is rejected
 * before it can allocate gigabytes. Decoding happens in memory, never through ImageIO's temp-file cache.
 */
public final class BoundedImageDecoder {
    /** Largest accepted width or height: a 12-megapixel photo fits, a decompression bomb does not. */
    public static final int MAX_SIDE = 4096;

    private BoundedImageDecoder() {
    }

    /** @throws IOException with a reason a user can act on, if the bytes are not a usable image */
    public static BufferedImage decode(byte[] encoded) throws IOException {
        return decode(encoded, MAX_SIDE);
    }

    public static BufferedImage decode(byte[] encoded, int maxSide) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not a readable image (no PNG, JPEG or BMP signature)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || width > maxSide || height > maxSide) {
                    throw new ImageTooLargeException("image claims to be " + width + "x" + height
                            + " pixels; at most " + maxSide + "x" + maxSide + " is accepted");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException("not a readable image");
                }
                return image;
            } catch (ImageTooLargeException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new IOException("not a readable image (" + e.getMessage() + ")", e);
            } finally {
                reader.dispose();
            }
        }
    }

    /** The header announces dimensions beyond the limit; nothing was decoded. */
    public static final class ImageTooLargeException extends IOException {
        ImageTooLargeException(String message) {
            super(message);
        }
    }
}
