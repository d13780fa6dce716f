package io.ferperturb.trainer.training;

/** One prepared mini-batch: normalised inputs (n × side × side) and class indices. */
record Batch(float[] inputs, int[] labels, int size) {
}
