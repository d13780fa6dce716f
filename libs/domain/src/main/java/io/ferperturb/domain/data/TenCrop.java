package io.ferperturb.domain.data;

/**
 * torchvision's {@code TenCrop(side)} on normalised 48×48 model inputs, for models trained on smaller crops:
 * the four corners and the centre (top-left, top-right, bottom-left, bottom-right, centre), then the same five
 * of the mirrored face. A cropped model's answer for a face is the mean of its logits over the ten crops, as
 * in the authors' evaluation. Plain arrays, one row copy at a time.
 */
public final class TenCrop {
    /** Crops per face. */
    public static final int COUNT = 10;

    private TenCrop() {
    }

    /** The ten crops of each of {@code n} inputs ({@code n × 2,304} floats), face after face: n × 10 × side². */
    public static float[] of(float[] inputs, int n, int side) {
        int[][] corners = corners(side);
        float[] out = new float[n * COUNT * side * side];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < COUNT; c++) {
                int[] corner = corners[c % 5];
                boolean mirrored = c >= 5;
                // a crop of the mirrored face at x is the mirror of the crop at the opposite side
                int left = mirrored ? FaceImage.SIDE - side - corner[0] : corner[0];
                copy(inputs, i * FaceImage.PIXELS, left, corner[1], side, mirrored, out, (i * COUNT + c) * side * side);
            }
        }
        return out;
    }

    /** Mean over each face's ten rows of flat logits ({@code n × 10 × classes}): n × classes. */
    public static float[] meanLogits(float[] logits, int n) {
        int classes = logits.length / (n * COUNT);
        float[] out = new float[n * classes];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < COUNT; c++) {
                int row = (i * COUNT + c) * classes;
                for (int j = 0; j < classes; j++) {
                    out[i * classes + j] += logits[row + j];
                }
            }
            for (int j = 0; j < classes; j++) {
                out[i * classes + j] /= COUNT;
            }
        }
        return out;
    }

    /** Top-left corners (x, y) of the five crops in torchvision's order; the centre rounds as torchvision does. */
    static int[][] corners(int side) {
        if (side < 1 || side > FaceImage.SIDE) {
            throw new IllegalArgumentException("a crop side must be 1–" + FaceImage.SIDE + ", got " + side);
        }
        int far = FaceImage.SIDE - side;
        int centre = centre(side);
        return new int[][] {{0, 0}, {far, 0}, {0, far}, {far, far}, {centre, centre}};
    }

    /** Left (and top) edge of the centre crop of a given side, rounded as torchvision's CenterCrop does. */
    public static int centre(int side) {
        return (int) Math.rint((FaceImage.SIDE - side) / 2.0);
    }

    /**
     * Copies the {@code side × side} window at ({@code left}, {@code top}) of the 48×48 input at
     * {@code src[srcOffset…]} into {@code dst[dstOffset…]}, mirrored left to right if asked.
     */
    public static void copy(float[] src, int srcOffset, int left, int top, int side, boolean mirrored, float[] dst,
            int dstOffset) {
        for (int y = 0; y < side; y++) {
            int from = srcOffset + (top + y) * FaceImage.SIDE + left;
            int to = dstOffset + y * side;
            if (!mirrored) {
                System.arraycopy(src, from, dst, to, side);
            } else {
                for (int x = 0; x < side; x++) {
                    dst[to + x] = src[from + side - 1 - x];
                }
            }
        }
    }
}
