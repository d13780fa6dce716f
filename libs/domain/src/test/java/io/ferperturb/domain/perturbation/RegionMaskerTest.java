package io.ferperturb.domain.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegionMaskerTest {
    private static final int PIXELS = FaceImage.PIXELS;
    private final ClusterMap map = ClusterMapTest.threeRegions();
    private final RegionMasker masker = new RegionMasker(map);

    /** Random faces with no pixel at 0, so a zeroed pixel can only come from the mask. */
    private static SplitData faces(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * PIXELS];
        byte[] labels = new byte[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(1, 256);
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(7);
        }
        return new SplitData(Split.TRAINING, labels, pixels);
    }

    @Test
    void eachMaskedCopyZeroesExactlyItsClusterAndKeepsTheRest() {
        byte[] face = faces(1, 1).face(0).pixels();
        for (int c = 0; c < 3; c++) {
            byte[] masked = masker.mask(face, c);
            for (int p = 0; p < PIXELS; p++) {
                if (map.label(p) == c) {
                    assertEquals(0, masked[p], "pixel " + p + " of cluster " + c);
                } else {
                    assertEquals(face[p], masked[p], "pixel " + p + " outside cluster " + c);
                }
            }
        }
    }

    @Test
    void bulkOutputHasKPlusOneTimesTheImagesWithLabelsRepeated() {
        SplitData in = faces(9, 2);

        SplitData out = masker.maskAll(in, Fill.zero(), true);

        assertEquals(9 * 4, out.size());
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(in.label(i), out.label(i * 4 + j));
                byte[] expected = j < 3 ? masker.mask(in.face(i).pixels(), j) : in.face(i).pixels();
                assertArrayEquals(expected, out.face(i * 4 + j).pixels(), "image " + i + " copy " + j);
            }
        }
        assertEquals(9 * 3, masker.maskAll(in, Fill.zero(), false).size());
    }

    @Test
    void parallelBulkEqualsTheSequentialKernelOverManyChunks() {
        SplitData in = faces(9000, 3);
        for (Fill fill : new Fill[] {Fill.zero(), Fill.imageMean(), Fill.noise(7)}) {
            SplitData parallel = masker.maskAll(in, fill, true);
            byte[] sequential = new byte[9000 * 4 * PIXELS];
            masker.maskRange(in.pixels(), 0, 9000, fill, true, sequential, 0, 0);
            assertArrayEquals(sequential, parallel.pixels(), fill.wireName());
        }
    }

    @Test
    void meanFillUsesTheImageMeanOrAGivenValue() {
        byte[] face = new byte[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            face[p] = (byte) (p % 2 == 0 ? 100 : 201); // mean 150.5, rounds to 151
        }
        byte[] own = masker.mask(face, 2, Fill.imageMean());
        byte[] given = masker.mask(face, 2, Fill.constant(77));
        for (int p = 0; p < PIXELS; p++) {
            int expectedOwn = map.label(p) == 2 ? 151 : face[p] & 0xFF;
            int expectedGiven = map.label(p) == 2 ? 77 : face[p] & 0xFF;
            assertEquals(expectedOwn, own[p] & 0xFF);
            assertEquals(expectedGiven, given[p] & 0xFF);
        }
        byte[] random = faces(1, 4).pixels();
        int sum = 0;
        for (byte b : random) {
            sum += b & 0xFF;
        }
        assertEquals(Math.round(sum / (double) PIXELS), RegionMasker.imageMean(random, 0));
    }

    @Test
    void noiseChangesOnlyTheClusterAndIsSeeded() {
        byte[] face = faces(1, 5).pixels();
        byte[] a = masker.mask(face, 0, Fill.noise(11));
        byte[] b = masker.mask(face, 0, Fill.noise(11));
        byte[] c = masker.mask(face, 0, Fill.noise(12));

        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int changed = 0;
        int[] histogram = new int[4];
        for (int p = 0; p < PIXELS; p++) {
            if (map.label(p) != 0) {
                assertEquals(face[p], a[p]);
            } else {
                changed += a[p] != face[p] ? 1 : 0;
                histogram[(a[p] & 0xFF) / 64]++;
            }
        }
        assertEquals(map.sizes()[0], changed, 1.0 * map.sizes()[0] / 100, "almost every noise pixel differs");
        for (int quarter : histogram) {
            assertEquals(map.sizes()[0] / 4.0, quarter, map.sizes()[0] / 10.0, "noise is uniform over 0–255");
        }
    }

    @Test
    void testTimeSetIsTheMaskedCopiesThenTheOriginal() {
        FaceImage face = faces(1, 6).face(0);

        byte[] set = masker.testTimeSet(face.pixels());
        FaceImage[] images = masker.testTimeSet(face);

        assertEquals(4 * PIXELS, set.length);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(masker.mask(face.pixels(), c), Arrays.copyOfRange(set, c * PIXELS, (c + 1) * PIXELS));
            assertArrayEquals(masker.mask(face.pixels(), c), images[c].pixels());
            assertEquals(face.emotion(), images[c].emotion());
        }
        assertArrayEquals(face.pixels(), Arrays.copyOfRange(set, 3 * PIXELS, 4 * PIXELS));
        assertSame(face, images[3]);
    }

    @Test
    void rejectsAClusterOutOfRangeAndShortArrays() {
        byte[] face = new byte[PIXELS];
        assertThrows(IllegalArgumentException.class, () -> masker.mask(face, 3));
        assertThrows(IllegalArgumentException.class, () -> masker.mask(new byte[10], 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> masker.maskRange(face, 0, 1, Fill.zero(), true, new byte[3 * PIXELS], 0, 0));
    }

    @Test
    void fillWireNamesParseBack() {
        for (Fill fill : new Fill[] {Fill.zero(), Fill.imageMean(), Fill.constant(128), Fill.noise(42)}) {
            assertEquals(fill, Fill.parse(fill.wireName()));
        }
        assertEquals(Fill.zero(), Fill.parse(null));
        assertEquals(Fill.noise(0), Fill.parse("noise"));
        assertNotEquals(Fill.zero(), Fill.parse("mean"));
        assertThrows(IllegalArgumentException.class, () -> Fill.parse("blur"));
        assertThrows(IllegalArgumentException.class, () -> Fill.parse("mean:300"));
        assertThrows(IllegalArgumentException.class, () -> Fill.parse("zero:1"));
    }
}
