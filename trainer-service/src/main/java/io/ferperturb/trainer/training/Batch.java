package io.ferperturb.trainer.training;

/** One prepared mini-batch: normalised inputs (n × 2,304) and class indices. */
record Batch(float[] inputs, int[] labels, int size) {
}
