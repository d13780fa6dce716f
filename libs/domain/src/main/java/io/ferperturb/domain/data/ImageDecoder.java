package io.ferperturb.domain.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes uploaded image bytes (PNG, JPEG, BMP, GIF's first frame) safely: the format and the size are read
 * from the header first, so another format is refused ({@link UnsupportedImageFormatException}) and a
 * decompression bomb ({@link ImageTooLargeException}) before any pixel is allocated; a large image is then
 * decoded only with a permit of the {@link LargeDecodeGate}, held while its pixels are in use.
 */
public final class ImageDecoder {
    /** The formats accepted, as ImageIO names them (lower case). */
    static final Set<String> ACCEPTED = Set.of("png", "jpeg", "jpg", "bmp", "gif");
    static final String ACCEPTED_TEXT = "PNG, JPEG, BMP or GIF";

    private final long maxPixels;
    private final LargeDecodeGate gate;

    /** @param maxPixels largest width × height accepted (e.g. 25 megapixels); large images not limited */
    public ImageDecoder(long maxPixels) {
        this(maxPixels, LargeDecodeGate.UNLIMITED);
    }

    /**
     * @param maxPixels largest width × height accepted (e.g. 25 megapixels)
     * @param gate      how many large images may be decoded at once
     */
    public ImageDecoder(long maxPixels, LargeDecodeGate gate) {
        this.maxPixels = maxPixels;
        this.gate = gate;
    }

    public BufferedImage decode(byte[] bytes) {
        return read(bytes, Integer.MAX_VALUE, Function.identity());
    }

    /**
     * Decodes the image and hands it to {@code use} while its permit is held, so that a large raster never
     * outlives the permit that bounds how many exist: {@code use} should reduce it to what the caller keeps (a
     * face, the faces found). What {@code use} throws passes through unchanged.
     */
    public <T> T decode(byte[] bytes, Function<BufferedImage, T> use) {
        return read(bytes, Integer.MAX_VALUE, use);
    }

    /**
     * As {@link #decode}, but only an image whose header declares at most {@code maxSide} pixels a side: null,
     * without decoding, for a larger one (a caller decoding small images where big ones would be too slow).
     */
    public BufferedImage decodeIfAtMost(byte[] bytes, int maxSide) {
        return read(bytes, maxSide, Function.identity());
    }

    private <T> T read(byte[] bytes, int maxSide, Function<BufferedImage, T> use) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException("the image is empty: send the bytes of a " + ACCEPTED_TEXT + " file");
        }
        // in memory, never through ImageIO's temp-file cache
        ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
        ImageReader reader = null;
        try {
            reader = acceptedReader(in, bytes);
            ImageReader opened = reader;
            long width = guarded(() -> (long) opened.getWidth(0));
            long height = guarded(() -> (long) opened.getHeight(0));
            if (width <= 0 || height <= 0) {
                throw new InvalidImageException("not a readable image: its header declares no pixels");
            }
            if (width * height > maxPixels) {
                throw new ImageTooLargeException("the image is " + width + "x" + height + " = " + width * height
                        + " pixels; at most " + maxPixels + " pixels are accepted: send a smaller image");
            }
            if (width > maxSide || height > maxSide) {
                return null;
            }
            try (LargeDecodeGate.Pass pass = gate.enter(width * height)) {
                BufferedImage image = guarded(() -> opened.read(0));
                if (image == null) {
                    throw new InvalidImageException("not a readable image: it could not be decoded");
                }
                return use.apply(image);
            }
        } finally {
            if (reader != null) {
                reader.dispose();
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // an in-memory stream: nothing to release
            }
        }
    }

    /** The reader for the bytes' format, when it is one accepted. */
    private static ImageReader acceptedReader(ImageInputStream in, byte[] bytes) {
        Iterator<ImageReader> readers = guarded(() -> ImageIO.getImageReaders(in));
        if (!readers.hasNext()) {
            if (isKnownOtherFormat(bytes)) {
                throw new UnsupportedImageFormatException("unsupported image format: send a " + ACCEPTED_TEXT + " file");
            }
            throw new InvalidImageException("not a readable image: no " + ACCEPTED_TEXT + " signature");
        }
        ImageReader reader = readers.next();
        String format = guarded(reader::getFormatName).toLowerCase(Locale.ROOT);
        if (!ACCEPTED.contains(format)) {
            reader.dispose();
            throw new UnsupportedImageFormatException("unsupported image format " + format.toUpperCase(Locale.ROOT)
                    + ": send a " + ACCEPTED_TEXT + " file");
        }
        reader.setInput(in, true, true);
        return reader;
    }

    /** Formats ImageIO has no reader for but that are images all the same (WebP, HEIF/AVIF). */
    private static boolean isKnownOtherFormat(byte[] bytes) {
        return bytes.length >= 12 && (ascii(bytes, 0, 4).equals("RIFF") && ascii(bytes, 8, 12).equals("WEBP")
                || ascii(bytes, 4, 8).equals("ftyp"));
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(Arrays.copyOfRange(bytes, from, to), StandardCharsets.ISO_8859_1);
    }

    private interface ImageIoCall<T> {
        T call() throws IOException;
    }

    /** An ImageIO call whose failures (corrupt headers, truncated data) are the request's fault. */
    private static <T> T guarded(ImageIoCall<T> call) {
        try {
            return call.call();
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException("not a readable image: corrupt or truncated ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
