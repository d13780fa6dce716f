package io.ferperturb.trainer.training;

import ai.djl.Device;

/** The knobs of one training run. */
public record TrainingSettings(String architecture, int epochs, int batchSize, double learningRate, long seed,
        Device device, int progressEverySteps) {
}
