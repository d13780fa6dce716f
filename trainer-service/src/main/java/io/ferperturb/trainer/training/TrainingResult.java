package io.ferperturb.trainer.training;

import ai.djl.Model;
import io.ferperturb.domain.event.EvaluationResult;

/** A trained model (the caller closes it) and its final evaluations. */
public record TrainingResult(Model model, int epochs, EvaluationResult validation, EvaluationResult test) {
}
