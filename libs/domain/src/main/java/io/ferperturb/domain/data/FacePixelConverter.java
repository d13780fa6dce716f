package io.ferperturb.domain.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns any decoded image into the 48×48 greyscale pixels of a {@link FaceImage}. Greyscale images keep
 * their stored values (no colour-space round trip, which would shift them); colour images use the BT.601
 * luma weights in the same integer form as Pillow's {@code convert("L")}, so pixel values match what the
 * Python side of the FER world produces. Other sizes are resized by area averaging (each output pixel is
 * the mean of the source area it covers), which neither aliases when shrinking nor invents detail; the
 * aspect ratio is not preserved (FER images are square).
 */
public final class FacePixelConverter {
    private FacePixelConverter() {
    }

    /** 2,304 unsigned-byte pixels, row-major. */
    public static byte[] toFacePixels(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (width == FaceImage.SIDE && height == FaceImage.SIDE && image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            // already a face (a FER crop as PNG): its bytes, as the general path below would round them back to,
            // without a float image in between; a served face is mostly this case
            return (byte[]) image.getRaster().getDataElements(0, 0, width, height, new byte[FaceImage.PIXELS]);
        }
        float[] grey = greyscale(image);
        float[] face = width == FaceImage.SIDE && height == FaceImage.SIDE
                ? grey
                : resizeAreaAverage(grey, width, height, FaceImage.SIDE, FaceImage.SIDE);
        byte[] pixels = new byte[FaceImage.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, Math.round(face[i])));
        }
        return pixels;
    }

    /** Grey values 0–255, row-major. */
    static float[] greyscale(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] grey = new float[width * height];
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        if (!(model instanceof IndexColorModel) && (bands == 1 || bands == 2)) {
            float scale = 255f / ((1L << model.getComponentSize(0)) - 1);
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    grey[y * width + x] = row[x] * scale;
                }
            }
            return grey;
        }
        int[] rgb = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, rgb, 0, width);
            for (int x = 0; x < width; x++) {
                int p = rgb[x];
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                grey[y * width + x] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
            }
        }
        return grey;
    }

    /** Area-averaging resize of a row-major grey image, separable: rows first, then columns. */
    static float[] resizeAreaAverage(float[] source, int width, int height, int newWidth, int newHeight) {
        AxisWeights horizontal = AxisWeights.of(width, newWidth);
        AxisWeights vertical = AxisWeights.of(height, newHeight);
        float[] rows = new float[height * newWidth];
        for (int y = 0; y < height; y++) {
            horizontal.apply(source, y * width, 1, rows, y * newWidth, 1);
        }
        float[] out = new float[newWidth * newHeight];
        for (int x = 0; x < newWidth; x++) {
            vertical.apply(rows, x, newWidth, out, x, newWidth);
        }
        return out;
    }

    /** For each output cell along one axis: the source cells it covers and by how much. */
    private record AxisWeights(int[] first, float[][] weights) {
        static AxisWeights of(int sourceLength, int targetLength) {
            double scale = (double) sourceLength / targetLength;
            int[] first = new int[targetLength];
            float[][] weights = new float[targetLength][];
            for (int t = 0; t < targetLength; t++) {
                double from = t * scale;
                double to = (t + 1) * scale;
                int start = (int) Math.floor(from);
                int end = Math.min(sourceLength, (int) Math.ceil(to));
                first[t] = start;
                weights[t] = new float[end - start];
                for (int s = start; s < end; s++) {
                    double overlap = Math.min(to, s + 1) - Math.max(from, s);
                    weights[t][s - start] = (float) (overlap / scale);
                }
            }
            return new AxisWeights(first, weights);
        }

        void apply(float[] in, int inOffset, int inStride, float[] out, int outOffset, int outStride) {
            for (int t = 0; t < first.length; t++) {
                float sum = 0;
                float[] w = weights[t];
                int index = inOffset + first[t] * inStride;
                for (float weight : w) {
                    sum += in[index] * weight;
                    index += inStride;
                }
                out[outOffset + t * outStride] = sum;
            }
        }
    }
}
