package io.ferperturb.trainer.training;

import ai.djl.Model;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.metrics.Predictions;

/**
 * A trained model (the caller closes it) and its final evaluations.
 *
 * @param test            the metrics of the PrivateTest split
 * @param testPredictions the per-image predictions {@code test} was computed from
 */
public record TrainingResult(Model model, int epochs, EvaluationResult validation, EvaluationResult test,
        Predictions testPredictions) {
}
