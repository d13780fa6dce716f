package io.ferperturb.serving.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's weighted non-maximum suppression ({@code NonMaxSuppressionCalculator}, algorithm WEIGHTED): the
 * best-scoring box and every box overlapping it by more than {@code minIoU} become one box, the average of their
 * corners weighted by score, with the best box's score; repeat on what is left. Averaging steadies the box where
 * plain suppression keeps one anchor's guess.
 */
final class WeightedNms {
    private WeightedNms() {
    }

    /** A box in image pixels, corners as doubles so that merging loses nothing. */
    record Candidate(double x0, double y0, double x1, double y1, double score) {
        double area() {
            return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        }

        double iou(Candidate o) {
            double w = Math.min(x1, o.x1) - Math.max(x0, o.x0);
            double h = Math.min(y1, o.y1) - Math.max(y0, o.y0);
            double inter = w <= 0 || h <= 0 ? 0 : w * h;
            double union = area() + o.area() - inter;
            return union <= 0 ? 0 : inter / union;
        }
    }

    static List<Candidate> merge(List<Candidate> boxes, double minIoU) {
        List<Candidate> remaining = new ArrayList<>(boxes);
        remaining.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> merged = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Candidate best = remaining.get(0);
            List<Candidate> rest = new ArrayList<>();
            double x0 = 0, y0 = 0, x1 = 0, y1 = 0, total = 0;
            for (Candidate c : remaining) {
                if (c == best || c.iou(best) > minIoU) {
                    x0 += c.x0 * c.score;
                    y0 += c.y0 * c.score;
                    x1 += c.x1 * c.score;
                    y1 += c.y1 * c.score;
                    total += c.score;
                } else {
                    rest.add(c);
                }
            }
            merged.add(new Candidate(x0 / total, y0 / total, x1 / total, y1 / total, best.score));
            remaining = rest;
        }
        return merged;
    }
}
