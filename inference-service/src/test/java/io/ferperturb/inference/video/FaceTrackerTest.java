package io.ferperturb.inference.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.serving.faces.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tracks follow overlapping boxes, survive a few missed frames, and end after more. */
class FaceTrackerTest {
    private static FaceBox box(int x, int y) {
        return new FaceBox(x, y, 100, 100, 5);
    }

    @Test
    void facesKeepTheirTracksWhileTheyMoveAndSwapOrder() {
        FaceTracker tracker = new FaceTracker(0.3, 2);
        assertArrayEquals(new int[] {1, 2}, tracker.update(List.of(box(0, 0), box(300, 0))));
        assertArrayEquals(new int[] {2, 1}, tracker.update(List.of(box(310, 5), box(10, 5))));
        assertArrayEquals(new int[] {1, 2}, tracker.update(List.of(box(20, 10), box(320, 10))));
    }

    @Test
    void aTrackSurvivesMissedFramesUpToTheLimitThenANewOneStarts() {
        FaceTracker tracker = new FaceTracker(0.3, 2);
        assertArrayEquals(new int[] {1}, tracker.update(List.of(box(0, 0))));
        tracker.update(List.of());
        tracker.update(List.of());
        assertArrayEquals(new int[] {1}, tracker.update(List.of(box(5, 0))), "two frames missed: still track 1");
        tracker.update(List.of());
        tracker.update(List.of());
        tracker.update(List.of());
        assertArrayEquals(new int[] {2}, tracker.update(List.of(box(5, 0))), "three frames missed: a new track");
    }

    @Test
    void aBoxThatOverlapsTooLittleStartsANewTrack() {
        FaceTracker tracker = new FaceTracker(0.3, 2);
        tracker.update(List.of(box(0, 0)));
        assertArrayEquals(new int[] {2}, tracker.update(List.of(box(80, 0)))); // IoU 20/180
        assertEquals(1.0, FaceTracker.iou(box(3, 3), box(3, 3)), 1e-12);
    }
}
