package io.ferperturb.models.saliency.render;

import java.awt.image.BufferedImage;
import java.util.function.IntUnaryOperator;

/** A [0, 1] map as colour (the "jet" colour map: blue = low, red = high), blended over the grey face. */
public final class HeatMap {
    /** Weight of the colour in the blend: the face stays recognisable underneath. */
    private static final double ALPHA = 0.5;

    private HeatMap() {
    }

    /**
     * The face ({@code side}² grey bytes) with the map ({@code side}² values in [0, 1]) over it, each pixel
     * drawn as a {@code scale} × {@code scale} block.
     */
    public static BufferedImage overlay(byte[] face, float[] map, int side, int scale) {
        return paint(side, scale, p -> {
            int grey = face[p] & 0xFF;
            int[] colour = jet(map[p]);
            return rgb(blend(grey, colour[0]), blend(grey, colour[1]), blend(grey, colour[2]));
        });
    }

    /** The face alone, in grey, at the same scale (the left half of the side-by-side layout). */
    public static BufferedImage face(byte[] face, int side, int scale) {
        return paint(side, scale, p -> rgb(face[p] & 0xFF, face[p] & 0xFF, face[p] & 0xFF));
    }

    /** The map alone in colour (for per-emotion means, which have no single face under them). */
    public static BufferedImage colour(float[] map, int side, int scale) {
        return paint(side, scale, p -> {
            int[] c = jet(map[p]);
            return rgb(c[0], c[1], c[2]);
        });
    }

    /** Every map pixel {@code p} (row by row) drawn as a scale × scale block of colour {@code rgbOf(p)}. */
    private static BufferedImage paint(int side, int scale, IntUnaryOperator rgbOf) {
        BufferedImage out = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int rgb = rgbOf.applyAsInt(y * side + x);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return out;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    /** Jet: dark blue – blue – cyan – yellow – red – dark red over [0, 1]. */
    static int[] jet(float v) {
        double t = Math.max(0, Math.min(1, v));
        return new int[] {channel(t - 0.75), channel(t - 0.5), channel(t - 0.25)};
    }

    private static int channel(double shifted) {
        double value = 1.5 - 4 * Math.abs(shifted);
        return (int) Math.round(255 * Math.max(0, Math.min(1, value)));
    }

    private static int blend(int grey, int colour) {
        return (int) Math.round((1 - ALPHA) * grey + ALPHA * colour);
    }
}
