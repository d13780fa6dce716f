package io.ferperturb.domain.data;

/**
 * One labelled 48×48 greyscale face: {@code pixels} holds 2,304 values 0–255 (unsigned bytes), row-major.
 * This is the unit every data format reads and writes.
 */
public record FaceImage(int emotion, Split split, byte[] pixels) {
    public static final int SIDE = 48;
    public static final int PIXELS = SIDE * SIDE;

    public FaceImage {
        if (emotion < 0 || emotion >= Emotion.COUNT) {
            throw new IllegalArgumentException("emotion must be 0–6, got " + emotion);
        }
        if (pixels.length != PIXELS) {
            throw new IllegalArgumentException("a face has " + PIXELS + " pixels, got " + pixels.length);
        }
    }

    /** Pixel value 0–255 at (x, y). */
    public int pixel(int x, int y) {
        return pixels[y * SIDE + x] & 0xFF;
    }
}
