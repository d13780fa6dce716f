package io.ferperturb.serving.faces;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;

/** BufferedImage to OpenCV. */
final class OpenCvImages {
    private static final int[] BGR_OFFSETS = {2, 1, 0};

    private OpenCvImages() {
    }

    /** Packed 8-bit BGR, OpenCV's own order, from any BufferedImage (the caller closes it). */
    static Mat bgr(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] bgr = packedBgr(image);
        if (bgr == null) {
            bgr = new byte[width * height * 3];
            int[] row = new int[width];
            for (int y = 0, i = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int p = row[x];
                    bgr[i++] = (byte) p;
                    bgr[i++] = (byte) (p >> 8);
                    bgr[i++] = (byte) (p >> 16);
                }
            }
        }
        Mat colour = new Mat(height, width, CV_8UC3);
        colour.data().put(bgr, 0, width * height * 3);
        return colour;
    }

    /**
     * The image's own bytes when they already are packed BGR rows (a decoded JPEG, an FFmpeg frame): the same bytes
     * the pixel-by-pixel path would write, without a colour model call per pixel. Null for any other layout.
     */
    private static byte[] packedBgr(BufferedImage image) {
        WritableRaster raster = image.getRaster();
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer)) {
            return null;
        }
        boolean packed = model.getPixelStride() == 3 && model.getScanlineStride() == image.getWidth() * 3
                && Arrays.equals(model.getBandOffsets(), BGR_OFFSETS) && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && buffer.getData().length >= image.getWidth() * image.getHeight() * 3;
        return packed ? buffer.getData() : null;
    }
}
