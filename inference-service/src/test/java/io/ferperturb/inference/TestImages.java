package io.ferperturb.inference;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images for the service tests: encoded faces, group pictures with known face places, a bomb's header. */
public final class TestImages {
    private TestImages() {
    }

    /** A group picture: synthetic faces (which both face detectors find) drawn at known places. */
    public record Group(BufferedImage image, List<Rectangle> faces) {
    }

    public static Group group(int faces, long seed) {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(seed);
        int[] sides = {220, 170, 260, 150, 200};
        BufferedImage photo = plain(80 + faces * 330, 420);
        List<Rectangle> places = new ArrayList<>();
        Graphics2D g = photo.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int i = 0; i < faces; i++) {
            int side = sides[i % sides.length];
            Rectangle r = new Rectangle(40 + i * 330, 60 + (i % 3) * 30, side, side);
            g.drawImage(FacePreprocessing.toImage(generator.draw(Emotion.of(i % Emotion.COUNT), i)), r.x, r.y, side, side, null);
            places.add(r);
        }
        g.dispose();
        return new Group(photo, places);
    }

    public static BufferedImage plain(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 206, 196));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A 48×48 face as PNG. */
    public static byte[] facePng(byte[] pixels) {
        return encode(FacePreprocessing.toImage(pixels), "png");
    }

    /** A valid PNG signature and IHDR that declare a huge image, with no pixel data: a decompression bomb's header. */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put("IHDR".getBytes()).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 12, 17);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * A colour JPEG of a few hundred bytes whose frame header (SOF0) declares {@code width × height}: decoding it
     * allocates the whole raster (3 bytes a pixel) before finding that the scan data ends at once.
     */
    public static byte[] jpegHeaderClaiming(int width, int height) {
        BufferedImage tiny = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random random = new java.util.Random(width * 31L + height);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                tiny.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        byte[] jpeg = encode(tiny, "jpeg");
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) { // SOF0: length, precision, height, width
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JPEG writer wrote no SOF0 frame header");
    }
}
