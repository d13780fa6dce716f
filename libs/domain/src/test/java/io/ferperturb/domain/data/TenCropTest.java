package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TenCropTest {
    /** A face whose every value names its position: 1000·face + 100·y + x. */
    private static float[] positions(int faces) {
        float[] in = new float[faces * FaceImage.PIXELS];
        for (int f = 0; f < faces; f++) {
            for (int y = 0; y < FaceImage.SIDE; y++) {
                for (int x = 0; x < FaceImage.SIDE; x++) {
                    in[f * FaceImage.PIXELS + y * FaceImage.SIDE + x] = 10_000 * f + 100 * y + x;
                }
            }
        }
        return in;
    }

    @Test
    void theTenCropsAreTorchvisionsCornersCentreAndTheirMirrorsFaceAfterFace() {
        int side = 40;
        float[] crops = TenCrop.of(positions(2), 2, side);
        assertEquals(2 * 10 * side * side, crops.length);
        // (left, top) of each crop in the unmirrored face; the last five are read right to left
        int[][] expected = {{0, 0}, {8, 0}, {0, 8}, {8, 8}, {4, 4}, {8, 0}, {0, 0}, {8, 8}, {0, 8}, {4, 4}};
        for (int f = 0; f < 2; f++) {
            for (int c = 0; c < 10; c++) {
                int base = (f * 10 + c) * side * side;
                boolean mirrored = c >= 5;
                for (int y = 0; y < side; y += 13) {
                    for (int x = 0; x < side; x += 7) {
                        int sourceX = expected[c][0] + (mirrored ? side - 1 - x : x);
                        float want = 10_000 * f + 100 * (expected[c][1] + y) + sourceX;
                        assertEquals(want, crops[base + y * side + x], "face " + f + " crop " + c + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void theCentreRoundsAsTorchvisionWhenTheMarginIsOdd() {
        float[] crops = TenCrop.of(positions(1), 1, 41); // margin 7: torchvision's round(3.5) = 4
        assertEquals(100 * 4 + 4, crops[4 * 41 * 41]);
    }

    @Test
    void meanLogitsAveragesEachFacesTenRows() {
        float[] logits = new float[2 * 10 * 3];
        for (int c = 0; c < 10; c++) {
            logits[c * 3] = c; // face 0, class 0: 0…9
            logits[(10 + c) * 3 + 2] = 2; // face 1, class 2: always 2
        }
        assertArrayEquals(new float[] {4.5f, 0, 0, 0, 0, 2}, TenCrop.meanLogits(logits, 2), 1e-6f);
    }

    @Test
    void aCropLargerThanTheFaceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TenCrop.of(positions(1), 1, 49));
    }
}
