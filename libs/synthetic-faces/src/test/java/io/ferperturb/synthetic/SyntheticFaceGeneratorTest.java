package io.ferperturb.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Split;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticFaceGeneratorTest {

    @Test
    void sameSeedGivesIdenticalBytesAndOtherSeedsDiffer() {
        SyntheticFaceGenerator first = new SyntheticFaceGenerator(42);
        SyntheticFaceGenerator again = new SyntheticFaceGenerator(42);
        SyntheticFaceGenerator other = new SyntheticFaceGenerator(43);
        for (Emotion emotion : Emotion.values()) {
            for (long index : new long[] {0, 1, 977, 1L << 40}) {
                byte[] pixels = first.draw(emotion, index);
                assertArrayEquals(pixels, again.draw(emotion, index), emotion + " #" + index);
                assertFalse(Arrays.equals(pixels, other.draw(emotion, index)), emotion + " #" + index);
            }
        }
    }

    @Test
    void facesOfOneClassDifferByIndex() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(1);
        assertFalse(Arrays.equals(generator.draw(Emotion.HAPPY, 0), generator.draw(Emotion.HAPPY, 1)));
        assertFalse(Arrays.equals(generator.draw(Emotion.HAPPY, 0), generator.draw(Emotion.SAD, 0)));
    }

    @Test
    void parallelDatasetEqualsSequentialOne() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(7);
        List<FaceImage> sequential = generator.dataset(30, Imbalance.FER2013).toList();
        List<FaceImage> parallel = generator.dataset(30, Imbalance.FER2013).parallel().toList();
        assertEquals(sequential.size(), parallel.size());
        for (int i = 0; i < sequential.size(); i++) {
            FaceImage s = sequential.get(i);
            FaceImage p = parallel.get(i);
            assertEquals(s.emotion(), p.emotion());
            assertEquals(s.split(), p.split());
            assertArrayEquals(s.pixels(), p.pixels(), "face " + i);
        }
    }

    @Test
    void datasetSplitsEachClass80To10To10InSplitThenClassOrder() {
        int[] counts = SyntheticFaceGenerator.classCounts(120, Imbalance.FER2013);
        List<FaceImage> faces = new SyntheticFaceGenerator(3).dataset(120, Imbalance.FER2013).toList();
        int[][] found = new int[Emotion.COUNT][Split.values().length];
        int previousOrder = -1;
        for (FaceImage face : faces) {
            found[face.emotion()][face.split().ordinal()]++;
            int order = face.split().ordinal() * Emotion.COUNT + face.emotion();
            assertTrue(order >= previousOrder, "faces must come by split, then class");
            previousOrder = order;
        }
        assertEquals(Arrays.stream(counts).sum(), faces.size());
        for (int c = 0; c < Emotion.COUNT; c++) {
            int[] expected = SyntheticFaceGenerator.splitCounts(counts[c]);
            assertArrayEquals(expected, found[c], Emotion.of(c).label());
            assertTrue(found[c][1] >= 1 && found[c][2] >= 1, "every split holds every class");
            assertEquals(0.8, found[c][0] / (double) counts[c], 0.06, Emotion.of(c).label());
            assertEquals(found[c][1], found[c][2], Emotion.of(c).label());
        }
    }

    @Test
    void splitCountsAreFer2013Proportions() {
        assertArrayEquals(new int[] {8, 1, 1}, SyntheticFaceGenerator.splitCounts(10));
        assertArrayEquals(new int[] {800, 100, 100}, SyntheticFaceGenerator.splitCounts(1000));
        assertArrayEquals(new int[] {5772, 722, 722}, SyntheticFaceGenerator.splitCounts(7216));
    }

    @Test
    void balancedCountsAreEqual() {
        int[] counts = SyntheticFaceGenerator.classCounts(37, Imbalance.NONE);
        assertTrue(Arrays.stream(counts).allMatch(n -> n == 37));
    }

    @Test
    void fer2013ImbalanceReproducesItsClassProportions() {
        assertArrayEquals(new int[] {3995, 436, 4097, 7215, 4830, 3171, 4965},
                SyntheticFaceGenerator.classCounts(7215, Imbalance.FER2013));
        int[] counts = SyntheticFaceGenerator.classCounts(2000, Imbalance.FER2013);
        double total = Arrays.stream(counts).sum();
        assertEquals(2000, counts[Emotion.HAPPY.index()], "perClass is the largest class");
        assertEquals(0.0152, counts[Emotion.DISGUST.index()] / total, 0.001);
        assertEquals(0.2513, counts[Emotion.HAPPY.index()] / total, 0.001);
    }

    @Test
    void fer2013ImbalanceKeepsTenFacesInTheSmallestClass() {
        int[] counts = SyntheticFaceGenerator.classCounts(50, Imbalance.FER2013);
        assertEquals(10, counts[Emotion.DISGUST.index()]);
        assertTrue(Arrays.stream(counts).allMatch(n -> n >= 10));
    }

    @Test
    void faceCarriesItsLabels() {
        FaceImage face = new SyntheticFaceGenerator(5).face(Emotion.FEAR, Split.PUBLIC_TEST, 12);
        assertEquals(Emotion.FEAR.index(), face.emotion());
        assertEquals(Split.PUBLIC_TEST, face.split());
        assertArrayEquals(new SyntheticFaceGenerator(5).draw(Emotion.FEAR, 12), face.pixels());
    }
}
