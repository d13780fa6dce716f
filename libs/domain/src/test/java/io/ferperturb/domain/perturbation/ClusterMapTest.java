package io.ferperturb.domain.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.FaceImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ClusterMapTest {

    /** Left eye (0), right eye (1) above row 28, nose and mouth (2) below: the shape the method finds. */
    static ClusterMap threeRegions() {
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            int x = p % FaceImage.SIDE;
            int y = p / FaceImage.SIDE;
            labels[p] = y >= 28 ? 2 : x < 24 ? 0 : 1;
        }
        return ClusterMap.of(3, labels);
    }

    @Test
    void jsonRoundTripKeepsEveryLabel() throws Exception {
        ClusterMap map = threeRegions();

        byte[] json = map.toJson();
        ClusterMap back = ClusterMap.fromJson(json);

        assertEquals(map, back);
        assertArrayEquals(map.labels(), back.labels());
        String text = new String(json, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"format\" : \"fer-cluster-map\""), text.substring(0, 80));
        assertTrue(text.contains("\n    [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1],\n"),
                "one row per line");
        assertEquals(map, ClusterMap.fromJson(io.ferperturb.domain.Json.writeBytes(
                io.ferperturb.domain.Json.MAPPER.readTree(json))), "plain JSON readers agree");
    }

    @Test
    void sizesAndPixelListsCoverEveryPixelOnce() {
        ClusterMap map = threeRegions();

        int[] sizes = map.sizes();
        assertEquals(FaceImage.PIXELS, sizes[0] + sizes[1] + sizes[2]);
        assertEquals(28 * 24, sizes[0]);
        assertEquals(20 * 48, sizes[2]);
        int[] right = map.pixelsOf(1);
        assertEquals(sizes[1], right.length);
        assertEquals(24, right[0]);
        assertEquals(1, map.label(47, 0));
    }

    @Test
    void rejectsAnUnusedLabelALabelOutOfRangeAndAWrongSize() {
        int[] labels = new int[FaceImage.PIXELS];
        assertThrows(IllegalArgumentException.class, () -> ClusterMap.of(2, labels), "cluster 1 has no pixels");
        labels[5] = 3;
        assertThrows(IllegalArgumentException.class, () -> ClusterMap.of(3, labels));
        assertThrows(IllegalArgumentException.class, () -> ClusterMap.of(1, new int[100]));
        assertThrows(IllegalArgumentException.class, () -> ClusterMap.fromJson("{\"format\":\"other\"}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> ClusterMap.fromJson("not json".getBytes()));
    }

    @Test
    void labelsCannotBeChangedFromOutside() {
        byte[] labels = threeRegions().labels();
        ClusterMap map = new ClusterMap(3, labels);
        labels[0] = 2;
        map.labels()[1] = 2;
        assertEquals(0, map.label(0));
        assertEquals(0, map.label(1));
    }

    @Test
    void pngShowsEachRegionInItsColour() throws Exception {
        ClusterMap map = threeRegions();

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(map.toPng(4)));

        assertEquals(192, image.getWidth());
        assertEquals(ClusterMap.colour(0).getRGB(), image.getRGB(0, 0));
        assertEquals(ClusterMap.colour(1).getRGB(), image.getRGB(191, 0));
        assertEquals(ClusterMap.colour(2).getRGB(), image.getRGB(100, 191));
    }
}
