package io.ferperturb.domain.data;

import java.awt.image.BufferedImage;

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
     * Any decoded image (colour or grey, any size) as one 48×48 grey face, converted exactly as
     * datasets are ({@link FacePixelConverter}: Pillow's luma weights, area-averaging resize).
     */
    public static byte[] toFace(BufferedImage image) {
        return FacePixelConverter.toFacePixels(image);
    }

    /** The face as a grey PNG-ready image (for figures and examples). */
    public static BufferedImage toImage(byte[] face) {
        BufferedImage img = new BufferedImage(FaceImage.SIDE, FaceImage.SIDE, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, FaceImage.SIDE, FaceImage.SIDE, face);
        return img;
    }
}
