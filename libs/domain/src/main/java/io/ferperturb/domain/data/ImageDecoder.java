package io.ferperturb.domain.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes uploaded image bytes (PNG, JPEG, BMP, GIF's first frame) safely: the size is read from the
 * header first, so a decompression bomb is refused before any pixel is allocated.
 */
public final class ImageDecoder {
    private final long maxPixels;

    /** @param maxPixels largest width × height accepted (e.g. 40 megapixels) */
    public ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public BufferedImage decode(byte[] bytes) {
        return decode(bytes, Integer.MAX_VALUE);
    }

    /**
     * As {@link #decode}, but only an image whose header declares at most {@code maxSide} pixels a side: null,
     * without decoding, for a larger one (a caller decoding small images where big ones would be too slow).
     */
    public BufferedImage decodeIfAtMost(byte[] bytes, int maxSide) {
        return decode(bytes, maxSide);
    }

    private BufferedImage decode(byte[] bytes, int maxSide) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException("the image is empty: send the bytes of a PNG, JPEG, BMP or GIF file");
        }
        // in memory, never through ImageIO's temp-file cache
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidImageException("not a readable image: no PNG, JPEG, BMP or GIF signature");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new InvalidImageException("not a readable image: its header declares no pixels");
                }
                if (width * height > maxPixels) {
                    throw new ImageTooLargeException("the image is " + width + "x" + height
                            + " pixels; at most " + maxPixels + " pixels are accepted");
                }
                if (width > maxSide || height > maxSide) {
                    return null;
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new InvalidImageException("not a readable image: it could not be decoded");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidImageException ie) {
                throw ie;
            }
            throw new InvalidImageException("not a readable image: corrupt or truncated ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
