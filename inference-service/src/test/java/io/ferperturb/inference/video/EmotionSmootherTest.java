package io.ferperturb.inference.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class EmotionSmootherTest {
    @Test
    void eachTrackIsAnExponentialMovingAverageOfItsOwnFrames() {
        EmotionSmoother smoother = new EmotionSmoother(0.5);
        assertArrayEquals(new double[] {1, 0}, smoother.next(1, new float[] {1, 0}), 1e-9);
        assertArrayEquals(new double[] {0, 1}, smoother.next(2, new float[] {0, 1}), 1e-9);
        assertArrayEquals(new double[] {0.5, 0.5}, smoother.next(1, new float[] {0, 1}), 1e-9);
        assertArrayEquals(new double[] {0.25, 0.75}, smoother.next(1, new float[] {0, 1}), 1e-9);
        assertArrayEquals(new double[] {0, 1}, smoother.next(2, new float[] {0, 1}), 1e-9);
    }
}
