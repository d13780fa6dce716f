package io.ferperturb.core.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * The single code path from pixels to model input, used by training and by every server. A face is
 * 2,304 grey bytes; model input is float (pixel / 255 − mean) / std.
 */
public final class FacePreprocessing {
    private FacePreprocessing() {
    }

    /** Normalised model input for several faces, concatenated (n × 2,304 floats). */
    public static float[] toInput(byte[][] faces, Normalisation norm) {
        float[] out = new float[faces.length * FaceImage.PIXELS];
        for (int i = 0; i < faces.length; i++) {
            toInput(faces[i], 0, out, i * FaceImage.PIXELS, norm);
        }
        return out;
    }

    /** Normalises one face's 2,304 pixels from {@code src[srcOffset…]} into {@code dst[dstOffset…]}. */
    public static void toInput(byte[] src, int srcOffset, float[] dst, int dstOffset, Normalisation norm) {
        float scale = 1f / (255f * norm.std());
        float shift = norm.mean() / norm.std();
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            dst[dstOffset + p] = (src[srcOffset + p] & 0xFF) * scale - shift;
        }
    }

    /**
     * Any decoded image (colour or grey, any size) as one 48×48 grey face: converted to grey by the
     * standard luminance and scaled with area averaging, as FER2013's crops were made.
     */
    public static byte[] toFace(BufferedImage image) {
        BufferedImage grey = toGrey(image);
        BufferedImage small = grey.getWidth() == FaceImage.SIDE && grey.getHeight() == FaceImage.SIDE
                ? grey : scale(grey, FaceImage.SIDE, FaceImage.SIDE);
        byte[] pixels = ((DataBufferByte) small.getRaster().getDataBuffer()).getData();
        return pixels.length == FaceImage.PIXELS ? pixels.clone() : copyRows(small);
    }

    /** The face as a grey PNG-ready image (for figures and examples). */
    public static BufferedImage toImage(byte[] face) {
        BufferedImage img = new BufferedImage(FaceImage.SIDE, FaceImage.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, FaceImage.SIDE, FaceImage.SIDE, face);
        return img;
    }

    private static BufferedImage toGrey(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return image;
        }
        BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return grey;
    }

    private static BufferedImage scale(BufferedImage grey, int width, int height) {
        java.awt.Image scaled = grey.getScaledInstance(width, height, java.awt.Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(scaled, 0, 0, null);
        g.dispose();
        return out;
    }

    private static byte[] copyRows(BufferedImage img) {
        byte[] out = new byte[FaceImage.PIXELS];
        img.getRaster().getDataElements(0, 0, FaceImage.SIDE, FaceImage.SIDE, out);
        return out;
    }
}
