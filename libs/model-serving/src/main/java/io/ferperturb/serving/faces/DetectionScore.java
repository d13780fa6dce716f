package io.ferperturb.serving.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Detections against hand-marked faces: each detection matches at most one face and the other way round, pairs
 * taken greedily by falling IoU, a pair counting only from {@code minIoU}. Unmatched detections are false
 * positives, unmatched faces misses.
 *
 * @param found     faces matched by a detection
 * @param falseBoxes detections that match no face
 * @param missed    faces that no detection matches
 */
public record DetectionScore(int found, int falseBoxes, int missed) {
    public static final DetectionScore NONE = new DetectionScore(0, 0, 0);

    public static DetectionScore of(List<FaceBox> faces, List<FaceBox> detections, double minIoU) {
        record Pair(int face, int detection, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            for (int d = 0; d < detections.size(); d++) {
                double iou = faces.get(f).iou(detections.get(d));
                if (iou >= minIoU) {
                    pairs.add(new Pair(f, d, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] faceTaken = new boolean[faces.size()];
        boolean[] detectionTaken = new boolean[detections.size()];
        int matched = 0;
        for (Pair p : pairs) {
            if (!faceTaken[p.face()] && !detectionTaken[p.detection()]) {
                faceTaken[p.face()] = true;
                detectionTaken[p.detection()] = true;
                matched++;
            }
        }
        return new DetectionScore(matched, detections.size() - matched, faces.size() - matched);
    }

    public DetectionScore plus(DetectionScore o) {
        return new DetectionScore(found + o.found, falseBoxes + o.falseBoxes, missed + o.missed);
    }

    /** Share of the faces found; 1 when there are none. */
    public double recall() {
        return found + missed == 0 ? 1 : found / (double) (found + missed);
    }

    /** Share of the detections that are faces; 1 when there are none. */
    public double precision() {
        return found + falseBoxes == 0 ? 1 : found / (double) (found + falseBoxes);
    }
}
