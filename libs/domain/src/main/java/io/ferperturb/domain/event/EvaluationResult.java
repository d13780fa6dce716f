package io.ferperturb.domain.event;

import java.util.Map;

/**
 * Classification quality on one split: the {@code metrics} of a checkpoint, or one entry of its
 * {@code evaluations} (then {@code datasetId}, {@code variant} and {@code tta} say what was evaluated).
 */
public record EvaluationResult(
        String datasetId,
        String variant,
        String split,
        double accuracy,
        double balancedAccuracy,
        double macroF1,
        Map<String, ClassMetrics> perClass,
        int[][] confusionMatrix,
        Boolean tta) {

    /** Precision, recall, F1 and support of one class. */
    public record ClassMetrics(double precision, double recall, double f1, int support) {
    }

    /** The same numbers labelled as an evaluation of another dataset. */
    public EvaluationResult describing(String datasetId, String variant, Boolean tta) {
        return new EvaluationResult(datasetId, variant, split, accuracy, balancedAccuracy, macroF1, perClass,
                confusionMatrix, tta);
    }
}
