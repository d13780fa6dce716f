package io.ferperturb.models.saliency;

import ai.djl.Model;
import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.models.EmotionClassifier;

/** Turns "predicted" (a negative target) into each image's arg-max class, with one inference pass. */
public final class Targets {
    private Targets() {
    }

    public static int[] resolve(Model model, float[] batch, int side, int[] targets) {
        int[] used = targets.clone();
        boolean any = false;
        for (int t : targets) {
            any |= t < 0;
        }
        if (!any) {
            return used;
        }
        float[] logits = EmotionClassifier.forward(model, batch, targets.length, side);
        int classes = logits.length / targets.length;
        for (int i = 0; i < used.length; i++) {
            if (used[i] < 0) {
                used[i] = ClassificationMetrics.argmax(logits, i * classes, classes);
            }
        }
        return used;
    }
}
