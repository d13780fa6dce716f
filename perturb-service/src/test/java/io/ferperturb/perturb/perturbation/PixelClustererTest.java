package io.ferperturb.perturb.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.perturbation.ClusterMap;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PixelClustererTest {
    private static final PixelFeatures FEATURES =
            PixelFeatures.of(new AttentionAggregator().aggregate(SyntheticAttention.maps(400, 3), 400).scaled());

    @Test
    void threeClustersLabelEveryPixelWithExactlyThreeLabels() {
        ClusterMap map = new PixelClusterer().cluster(FEATURES).map();

        assertEquals(3, map.k());
        Set<Integer> used = new HashSet<>();
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            used.add(map.label(p));
        }
        assertEquals(Set.of(0, 1, 2), used);
        int[] sizes = map.sizes();
        assertEquals(FaceImage.PIXELS, sizes[0] + sizes[1] + sizes[2]);
    }

    @Test
    void attentionOnTwoEyesAndAMouthGivesLeftEyeRightEyeAndNoseMouth() {
        ClusterMap map = new PixelClusterer().cluster(FEATURES).map();

        int eyeY = SyntheticAttention.EYE_Y;
        assertEquals(0, map.label(SyntheticAttention.LEFT_EYE_X, eyeY), "left eye");
        assertEquals(1, map.label(SyntheticAttention.RIGHT_EYE_X, eyeY), "right eye");
        assertEquals(2, map.label(SyntheticAttention.MOUTH_X, SyntheticAttention.MOUTH_Y), "mouth");
        assertEquals(2, map.label(24, 30), "nose tip");
        assertEquals(2, map.label(24, 46), "chin");
        assertEquals(0, map.label(5, 5), "forehead, left");
        assertEquals(1, map.label(42, 5), "forehead, right");
        // each eye's whole bump lies in its cluster
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                assertEquals(0, map.label(SyntheticAttention.LEFT_EYE_X + dx, eyeY + dy));
                assertEquals(1, map.label(SyntheticAttention.RIGHT_EYE_X + dx, eyeY + dy));
            }
        }
    }

    @Test
    void eyesAsStrongAsTheMouthJoinItInOneAttendedCluster() {
        // The method's features weigh attention (up to α = 1.2) against position (up to β = 1.5): when
        // eyes and mouth are equally attended, the attended pixels form one cluster together.
        PixelFeatures equal = PixelFeatures.of(
                new AttentionAggregator().aggregate(SyntheticAttention.maps(400, 3, 0.65, 0.65), 400).scaled());

        ClusterMap map = new PixelClusterer().cluster(equal).map();

        int mouth = map.label(SyntheticAttention.MOUTH_X, SyntheticAttention.MOUTH_Y);
        assertEquals(mouth, map.label(SyntheticAttention.LEFT_EYE_X, SyntheticAttention.EYE_Y));
        assertEquals(mouth, map.label(SyntheticAttention.RIGHT_EYE_X, SyntheticAttention.EYE_Y));
    }

    @Test
    void theSameSeedGivesTheSameMapAndLabelsDoNotDependOnTheSeed() {
        PixelClusterer.Clustering first = new PixelClusterer().cluster(FEATURES);
        PixelClusterer.Clustering again = new PixelClusterer().cluster(FEATURES);
        PixelClusterer.Clustering otherSeed =
                new PixelClusterer(new PixelClusterer.Settings(3, 10, 300, 7)).cluster(FEATURES);

        assertEquals(first.map(), again.map());
        assertEquals(first.inertia(), again.inertia());
        assertArrayEquals(first.centroids()[2], again.centroids()[2]);
        assertEquals(first.map(), otherSeed.map(), "ordered labels are stable across seeds");
    }

    @Test
    void centroidsAreOrderedTopToBottomThenLeftToRight() {
        PixelClusterer.Clustering clustering =
                new PixelClusterer(PixelClusterer.Settings.DEFAULT.withClusters(5)).cluster(FEATURES);
        double[][] c = clustering.centroids();
        double sameRow = PixelClusterer.SAME_ROW_PIXELS * FEATURES.pixelStep();
        for (int i = 1; i < c.length; i++) {
            boolean lower = c[i][1] >= c[i - 1][1] - sameRow;
            boolean rightInRow = Math.abs(c[i][1] - c[i - 1][1]) >= sameRow || c[i][0] > c[i - 1][0];
            assertTrue(lower && rightInRow, "centroid " + i + " out of order");
        }
    }

    @Test
    void inertiaIsTheSumOfSquaredDistancesToTheCentroids() {
        PixelClusterer.Clustering clustering = new PixelClusterer().cluster(FEATURES);
        double inertia = 0;
        for (int p = 0; p < FaceImage.PIXELS; p++) {
            double[] x = FEATURES.point(p);
            double[] c = clustering.centroids()[clustering.map().label(p)];
            for (int d = 0; d < 3; d++) {
                inertia += (x[d] - c[d]) * (x[d] - c[d]);
            }
        }
        assertEquals(inertia, clustering.inertia(), 1e-9 * inertia);
    }
}
