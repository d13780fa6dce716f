package io.ferperturb.domain.event;

import java.util.Map;

/**
 * Classification quality on one split: the {@code metrics} of a checkpoint, or one entry of its
 * {@code evaluations} (then {@code datasetId}, {@code variant} and {@code tta} say what was evaluated).
 *
 * @param predictionsUri where the per-image predictions behind these numbers lie (an {@code s3://} address of a
 *                       {@link io.ferperturb.domain.metrics.Predictions} JSON file), so that other analyses (paired
 *                       tests, ensembles) need not evaluate the model again; null for results without stored
 *                       predictions, such as those of checkpoints stored before predictions were kept
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
        Boolean tta,
        String predictionsUri) {

    /** A result without stored predictions. */
    public EvaluationResult(String datasetId, String variant, String split, double accuracy, double balancedAccuracy,
            double macroF1, Map<String, ClassMetrics> perClass, int[][] confusionMatrix, Boolean tta) {
        this(datasetId, variant, split, accuracy, balancedAccuracy, macroF1, perClass, confusionMatrix, tta, null);
    }

    /** Precision, recall, F1 and support of one class. */
    public record ClassMetrics(double precision, double recall, double f1, int support) {
    }

    /** The same numbers labelled as an evaluation of another dataset. */
    public EvaluationResult describing(String datasetId, String variant, Boolean tta) {
        return new EvaluationResult(datasetId, variant, split, accuracy, balancedAccuracy, macroF1, perClass,
                confusionMatrix, tta, predictionsUri);
    }

    /** The same numbers with their per-image predictions stored at {@code uri}. */
    public EvaluationResult withPredictionsUri(String uri) {
        return new EvaluationResult(datasetId, variant, split, accuracy, balancedAccuracy, macroF1, perClass,
                confusionMatrix, tta, uri);
    }
}
