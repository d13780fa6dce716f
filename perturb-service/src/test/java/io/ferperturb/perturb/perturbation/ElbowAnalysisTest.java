package io.ferperturb.perturb.perturbation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.perturbation.ClusterMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElbowAnalysisTest {
    private static final PixelFeatures FEATURES =
            PixelFeatures.of(new AttentionAggregator().aggregate(SyntheticAttention.maps(200, 4), 200).scaled());

    @Test
    void inertiaDoesNotIncreaseWithKAndSilhouetteIsUndefinedForOneCluster() {
        ElbowAnalysis.Curve curve = ElbowAnalysis.run(FEATURES, PixelClusterer.Settings.DEFAULT);

        List<ElbowAnalysis.Point> points = curve.points();
        assertEquals(8, points.size());
        assertNull(points.get(0).silhouette());
        for (int i = 1; i < points.size(); i++) {
            assertEquals(i + 1, points.get(i).k());
            assertTrue(points.get(i).inertia() <= points.get(i - 1).inertia(),
                    "inertia at k=" + (i + 1) + " exceeds k=" + i);
            double s = points.get(i).silhouette();
            assertTrue(s > 0 && s <= 1, "silhouette " + s);
        }
        assertEquals(curve, ElbowAnalysis.Curve.fromJson(curve.toJson()));
    }

    @Test
    void silhouetteOfTwoHalvesOfTheGridMatchesTheDefinition() {
        // attention-free features, split into left and right halves: the value follows from the definition
        PixelFeatures flat = PixelFeatures.of(new float[FaceImage.PIXELS]);
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = p % 48 < 24 ? 0 : 1;
        }
        double expected = bruteForceSilhouette(flat, labels);

        double actual = ElbowAnalysis.silhouette(flat, ClusterMap.of(2, labels));

        assertEquals(expected, actual, 1e-9);
        assertTrue(actual > 0.3 && actual < 0.5, "two halves of a square: " + actual);
    }

    private static double bruteForceSilhouette(PixelFeatures f, int[] labels) {
        int n = labels.length;
        double total = 0;
        for (int p = 0; p < n; p++) {
            double[] sum = new double[2];
            int[] count = new int[2];
            for (int q = 0; q < n; q++) {
                if (q != p) {
                    sum[labels[q]] += Math.sqrt(f.squaredDistance(p, q));
                    count[labels[q]]++;
                }
            }
            double a = sum[labels[p]] / count[labels[p]];
            double b = sum[1 - labels[p]] / count[1 - labels[p]];
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }
}
