package io.ferperturb.serving.faces;

import java.util.Arrays;

/**
 * The anchor centres of a single-shot detector, laid out as MediaPipe's {@code SsdAnchorsCalculator} does with
 * {@code fixed_anchor_size: true} (every anchor 1 × 1, so only centres matter): consecutive layers of the same
 * stride share one grid, each layer adding two anchors per cell (aspect ratio 1 and the interpolated scale); cells
 * row by row, the anchors of a cell together, centres at the cell's middle ({@code anchor_offset} 0.5).
 * Coordinates are fractions of the model's input side.
 */
final class SsdAnchors {
    private final float[] centres;

    /** {@code strides}: one per layer, as in the model's calculator options. */
    SsdAnchors(int inputSide, int... strides) {
        float[] out = new float[0];
        int count = 0;
        for (int layer = 0; layer < strides.length; ) {
            int stride = strides[layer];
            int perCell = 0;
            while (layer < strides.length && strides[layer] == stride) {
                perCell += 2;
                layer++;
            }
            int cells = (int) Math.ceil(inputSide / (double) stride);
            out = Arrays.copyOf(out, (count + cells * cells * perCell) * 2);
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int a = 0; a < perCell; a++, count++) {
                        out[2 * count] = (x + 0.5f) / cells;
                        out[2 * count + 1] = (y + 0.5f) / cells;
                    }
                }
            }
        }
        this.centres = out;
    }

    int count() {
        return centres.length / 2;
    }

    float x(int anchor) {
        return centres[2 * anchor];
    }

    float y(int anchor) {
        return centres[2 * anchor + 1];
    }
}
