package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.Augmentation;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchFeederTest {
    private static final Normalisation NORM = Normalisation.FER2013;

    @Test
    void aCroppedJobGetsARandomWindowOfEachFaceEveryEpoch() {
        SplitData data = ModelTrainerTest.synthetic(2).train(); // 14 faces
        int side = 40;
        Set<Integer> windows = new HashSet<>();
        for (long epoch = 1; epoch <= 3; epoch++) {
            try (BatchFeeder feeder = new BatchFeeder(data, 8, NORM, Augmentation.NONE, side, epoch)) {
                int seen = 0;
                for (Batch batch = feeder.next(); batch != null; batch = feeder.next()) {
                    assertEquals(batch.size() * side * side, batch.inputs().length);
                    for (int i = 0; i < batch.size(); i++) {
                        windows.add(windowOf(data, batch, i, side));
                    }
                    seen += batch.size();
                }
                assertEquals(data.size(), seen);
            }
        }
        assertTrue(windows.size() > 10, "crops land in many of the 81 positions, got " + windows);
    }

    @Test
    void wholeFacesAreTheNormalisedFacesUncropped() {
        SplitData data = ModelTrainerTest.synthetic(1).train();
        try (BatchFeeder feeder = new BatchFeeder(data, 7, NORM, Augmentation.NONE, FaceImage.SIDE, 1)) {
            Batch batch = feeder.next();
            assertEquals(7 * FaceImage.PIXELS, batch.inputs().length);
            assertNull(feeder.next());
        }
    }

    /** The position (left · 100 + top) of the batch's i-th input in one of the faces, failing if it is none. */
    private static int windowOf(SplitData data, Batch batch, int i, int side) {
        float[] whole = new float[FaceImage.PIXELS];
        int margin = FaceImage.SIDE - side;
        for (int f = 0; f < data.size(); f++) {
            if (data.label(f) != batch.labels()[i]) {
                continue;
            }
            FacePreprocessing.toInput(data.pixels(), data.pixelOffset(f), whole, 0, NORM);
            for (int top = 0; top <= margin; top++) {
                for (int left = 0; left <= margin; left++) {
                    if (matches(whole, batch.inputs(), i * side * side, left, top, side)) {
                        return left * 100 + top;
                    }
                }
            }
        }
        throw new AssertionError("input " + i + " is no " + side + "×" + side + " window of a face of its class");
    }

    private static boolean matches(float[] whole, float[] inputs, int offset, int left, int top, int side) {
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                if (whole[(top + y) * FaceImage.SIDE + left + x] != inputs[offset + y * side + x]) {
                    return false;
                }
            }
        }
        return true;
    }
}
