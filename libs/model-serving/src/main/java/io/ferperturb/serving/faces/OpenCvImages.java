package io.ferperturb.serving.faces;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.awt.image.BufferedImage;
import org.bytedeco.opencv.opencv_core.Mat;

/** BufferedImage to OpenCV. */
final class OpenCvImages {
    private OpenCvImages() {
    }

    /** Packed 8-bit BGR, OpenCV's own order, from any BufferedImage (the caller closes it). */
    static Mat bgr(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] bgr = new byte[width * height * 3];
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
        Mat colour = new Mat(height, width, CV_8UC3);
        colour.data().put(bgr);
        return colour;
    }
}
