package io.ferperturb.trainer.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.Augmentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    void anEpochStartedAtABatchGivesExactlyTheBatchesAnUninterruptedEpochGivesFromThere() {
        SplitData data = ModelTrainerTest.synthetic(10).train();
        for (int side : new int[] {FaceImage.SIDE, 40}) {
            List<Batch> whole = new ArrayList<>();
            try (BatchFeeder feeder = new BatchFeeder(data, 8, 1, NORM, Augmentation.PAPER, side, 11)) {
                for (Batch batch = feeder.next(); batch != null; batch = feeder.next()) {
                    whole.add(batch);
                }
            }
            assertEquals((data.size() + 7) / 8, whole.size());
            assertTrue(whole.size() > 4, whole.size() + " batches");
            try (BatchFeeder resumed = new BatchFeeder(data, 8, 1, NORM, Augmentation.PAPER, side, 11, 3)) {
                for (int b = 3; b < whole.size(); b++) {
                    Batch batch = resumed.next();
                    assertArrayEquals(whole.get(b).labels(), batch.labels(), "batch " + b + " at side " + side);
                    assertArrayEquals(whole.get(b).inputs(), batch.inputs(), "batch " + b + ", augmented alike");
                }
                assertNull(resumed.next());
            }
        }
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

    @Test
    void groupedBatchesHoldWholeGroupsOfOneLabelAndEveryImageOncePerEpoch() {
        SplitData data = ModelTrainerTest.perturbed(distinct(ModelTrainerTest.firstImages(ModelTrainerTest.synthetic(8), 50)))
                .train();
        int group = 4;
        Map<Integer, List<Integer>> imagesByHash = inputsByHash(data);
        for (long seed = 1; seed <= 4; seed++) {
            List<Integer> firstGroups = new ArrayList<>();
            try (BatchFeeder feeder = new BatchFeeder(data, 8, group, NORM, Augmentation.NONE, FaceImage.SIDE, seed)) {
                int[] seen = new int[data.size()];
                int batches = 0;
                for (Batch batch = feeder.next(); batch != null; batch = feeder.next()) {
                    batches++;
                    assertEquals(batches < 7 ? 32 : 8, batch.size(), "8 groups a batch, the last 2");
                    Map<Integer, Integer> copiesPerGroup = new HashMap<>();
                    for (int i = 0; i < batch.size(); i++) {
                        int image = imageOf(data, imagesByHash, batch, i);
                        seen[image]++;
                        copiesPerGroup.merge(image / group, 1, Integer::sum);
                        assertEquals(data.label(image), batch.labels()[i]);
                        assertEquals(data.label(image / group * group), batch.labels()[i], "a group has one label");
                        if (i == 0) {
                            firstGroups.add(image / group);
                        }
                    }
                    copiesPerGroup.forEach((g, copies) -> assertEquals(group, copies, "group " + g + " is whole"));
                }
                assertEquals(7, batches);
                for (int image = 0; image < data.size(); image++) {
                    assertEquals(1, seen[image], "image " + image + " once an epoch");
                }
            }
            assertTrue(new HashSet<>(firstGroups).size() > 1, "groups are shuffled: " + firstGroups);
        }
    }

    @Test
    void groupsOfOneBatchAsBefore() {
        SplitData data = ModelTrainerTest.synthetic(2).train();
        try (BatchFeeder plain = new BatchFeeder(data, 5, NORM, Augmentation.NONE, FaceImage.SIDE, 9);
                BatchFeeder ones = new BatchFeeder(data, 5, 1, NORM, Augmentation.NONE, FaceImage.SIDE, 9)) {
            for (Batch a = plain.next(), b = ones.next(); a != null || b != null; a = plain.next(), b = ones.next()) {
                assertArrayEquals(a.inputs(), b.inputs());
                assertArrayEquals(a.labels(), b.labels());
            }
        }
    }

    /**
     * The faces, each stamped with its index in the first pixel of rows 0, 16 and 32 (one pixel in each
     * of the test's three mask bands), so that every masked copy of every face is an image of its own.
     */
    private static TrainingData distinct(TrainingData data) {
        byte[] pixels = data.train().pixels().clone();
        for (int i = 0; i < data.train().size(); i++) {
            for (int row : new int[] {0, 16, 32}) {
                pixels[data.train().pixelOffset(i) + row * FaceImage.SIDE] = (byte) (i + 1);
            }
        }
        return new TrainingData(data.classes(), new SplitData(data.train().split(), data.train().labels(), pixels),
                data.validation(), data.test());
    }

    private static Map<Integer, List<Integer>> inputsByHash(SplitData data) {
        Map<Integer, List<Integer>> byHash = new HashMap<>();
        for (int image = 0; image < data.size(); image++) {
            byHash.computeIfAbsent(Arrays.hashCode(input(data, image)), h -> new ArrayList<>()).add(image);
        }
        return byHash;
    }

    private static float[] input(SplitData data, int image) {
        float[] input = new float[FaceImage.PIXELS];
        FacePreprocessing.toInput(data.pixels(), data.pixelOffset(image), input, 0, NORM);
        return input;
    }

    /** Which image of {@code data} the batch's i-th input is, failing unless exactly one matches. */
    private static int imageOf(SplitData data, Map<Integer, List<Integer>> byHash, Batch batch, int i) {
        float[] in = Arrays.copyOfRange(batch.inputs(), i * FaceImage.PIXELS, (i + 1) * FaceImage.PIXELS);
        List<Integer> matches = byHash.getOrDefault(Arrays.hashCode(in), List.of()).stream()
                .filter(image -> Arrays.equals(in, input(data, image))).toList();
        assertEquals(1, matches.size(), "input " + i + " is one image of the data set, got " + matches);
        return matches.get(0);
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
