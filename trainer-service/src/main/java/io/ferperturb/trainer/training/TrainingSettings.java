package io.ferperturb.trainer.training;

import ai.djl.Device;
import io.ferperturb.core.event.Augmentation;

/** The knobs of one training run, every default filled in. */
public record TrainingSettings(String architecture, int epochs, int batchSize, double learningRate, long seed,
        Device device, int progressEverySteps, double momentum, double weightDecay, double plateauFactor,
        int plateauPatience, Augmentation augmentation) {

    /** The paper's optimiser and augmentation with the given basics (tests, benchmarks). */
    public static TrainingSettings paper(String architecture, int epochs, int batchSize, double learningRate, long seed,
            Device device) {
        return new TrainingSettings(architecture, epochs, batchSize, learningRate, seed, device, 20, 0.9, 1e-4, 0.75, 5,
                Augmentation.PAPER);
    }

    public TrainingSettings withAugmentation(Augmentation other) {
        return new TrainingSettings(architecture, epochs, batchSize, learningRate, seed, device, progressEverySteps,
                momentum, weightDecay, plateauFactor, plateauPatience, other);
    }
}
