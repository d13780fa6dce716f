package io.ferperturb.inference.video;

import io.ferperturb.serving.faces.FaceBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows faces from one sampled frame to the next by overlap: each face continues the track whose last box it
 * overlaps most (intersection over union at least {@code minIou}, pairs taken best first, each track and face once);
 * a face that continues none starts a new track; a track unseen for more than {@code maxMissed} sampled frames ends.
 * Track ids count up from 1 and are never reused. One instance per video, used from one thread.
 */
public final class FaceTracker {
    private final double minIou;
    private final int maxMissed;
    private final List<Track> live = new ArrayList<>();
    private int nextId = 1;

    private static final class Track {
        final int id;
        FaceBox last;
        int missed;

        Track(int id, FaceBox last) {
            this.id = id;
            this.last = last;
        }
    }

    private record Pair(int face, Track track, double iou) {
    }

    public FaceTracker(double minIou, int maxMissed) {
        if (!(minIou > 0 && minIou <= 1) || maxMissed < 0) {
            throw new IllegalArgumentException("tracking needs 0 < min IoU ≤ 1 and max missed frames ≥ 0");
        }
        this.minIou = minIou;
        this.maxMissed = maxMissed;
    }

    /** The track id of each face of the next sampled frame, in the order given. */
    public int[] update(List<FaceBox> faces) {
        List<Pair> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            for (Track t : live) {
                double iou = iou(faces.get(f), t.last);
                if (iou >= minIou) {
                    pairs.add(new Pair(f, t, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        int[] ids = new int[faces.size()];
        List<Track> continued = new ArrayList<>();
        for (Pair p : pairs) {
            if (ids[p.face()] == 0 && !continued.contains(p.track())) {
                ids[p.face()] = p.track().id;
                p.track().last = faces.get(p.face());
                p.track().missed = 0;
                continued.add(p.track());
            }
        }
        for (Track t : live) {
            if (!continued.contains(t)) {
                t.missed++;
            }
        }
        live.removeIf(t -> t.missed > maxMissed);
        for (int f = 0; f < faces.size(); f++) {
            if (ids[f] == 0) {
                Track t = new Track(nextId++, faces.get(f));
                live.add(t);
                ids[f] = t.id;
            }
        }
        return ids;
    }

    static double iou(FaceBox a, FaceBox b) {
        long w = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        long h = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        long inter = w * h;
        return inter / (double) ((long) a.width() * a.height() + (long) b.width() * b.height() - inter);
    }
}
