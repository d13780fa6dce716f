package io.ferperturb.perturb.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LloydKMeansTest {

    @Test
    void twoSeparatedGroupsComeOutAsTheTwoClustersWithTheirMeansAsCentroids() {
        // 1-D points: 0, 1, 2 and 10, 11, 12
        double[] points = {0, 1, 2, 10, 11, 12};

        LloydKMeans.Run run = new LloydKMeans(points, 1, 2).run(100, new SplittableRandom(3));

        int low = run.labels()[0];
        assertArrayEquals(new int[] {low, low, low, 1 - low, 1 - low, 1 - low}, run.labels());
        assertEquals(1.0, run.centroids()[low], 1e-12);
        assertEquals(11.0, run.centroids()[1 - low], 1e-12);
        assertEquals(4.0, run.inertia(), 1e-12, "1 + 0 + 1 on each side");
    }

    @Test
    void lloydStepsMoveABadStartToTheOptimum() {
        // 2-D: four corners of a wide rectangle; the optimum for k = 2 splits left from right
        double[] points = {0, 0, 0, 1, 10, 0, 10, 1};
        for (long seed = 0; seed < 20; seed++) {
            LloydKMeans.Run run = new LloydKMeans(points, 2, 2).run(50, new SplittableRandom(seed));
            assertEquals(1.0, run.inertia(), 1e-12, "seed " + seed);
            assertEquals(run.labels()[0], run.labels()[1]);
            assertNotEquals(run.labels()[0], run.labels()[2]);
        }
    }

    @Test
    void asManyClustersAsPointsLeavesNoClusterEmpty() {
        double[] points = {5, 5, 5, 5};

        LloydKMeans.Run run = new LloydKMeans(points, 1, 4).run(10, new SplittableRandom(1));

        boolean[] used = new boolean[4];
        for (int label : run.labels()) {
            used[label] = true;
        }
        assertArrayEquals(new boolean[] {true, true, true, true}, used);
        assertEquals(0.0, run.inertia());
    }
}
