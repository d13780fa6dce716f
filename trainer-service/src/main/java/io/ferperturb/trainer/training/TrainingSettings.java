package io.ferperturb.trainer.training;

import ai.djl.Device;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.domain.event.Hyperparameters;
import java.util.function.BooleanSupplier;

/**
 * One training run: the job's resolved hyperparameters and where and how verbosely it runs.
 *
 * @param devices       one device, or several GPUs for data-parallel training (each step's batch is split)
 * @param stopRequested asked after every optimiser step: true stops the run there ({@link TrainingStopped})
 */
public record TrainingSettings(Hyperparameters hyperparameters, Device[] devices, int progressEverySteps,
        BooleanSupplier stopRequested) {

    /** A run that is never asked to stop. */
    public TrainingSettings(Hyperparameters hyperparameters, Device[] devices, int progressEverySteps) {
        this(hyperparameters, devices, progressEverySteps, () -> false);
    }

    public TrainingSettings {
        if (!hyperparameters.resolved()) {
            throw new IllegalArgumentException("a training run needs every hyperparameter but the crop: " + hyperparameters);
        }
    }

    /** The paper's optimiser and augmentation with the given basics (tests, benchmarks). */
    public static TrainingSettings paper(String architecture, int epochs, int batchSize, double learningRate, long seed,
            Device device) {
        return new TrainingSettings(Hyperparameters.basics(architecture, epochs, batchSize, learningRate, seed)
                .over(Hyperparameters.PAPER), new Device[] {device}, 20);
    }

    /** "cpu()", "gpu(0)", or "gpu(0)+gpu(1)" when data parallel. */
    public String deviceName() {
        return String.join("+", java.util.Arrays.stream(devices).map(Object::toString).toList());
    }

    public TrainingSettings withAugmentation(Augmentation other) {
        return new TrainingSettings(hyperparameters.withAugmentation(other), devices, progressEverySteps, stopRequested);
    }

    /** Trains on random crops of this side (48: whole faces) and evaluates on their TenCrop. */
    public TrainingSettings withCrop(int side) {
        return new TrainingSettings(hyperparameters.withCrop(side), devices, progressEverySteps, stopRequested);
    }

    /** These settings, stopped when {@code stop} says so. */
    public TrainingSettings withStop(BooleanSupplier stop) {
        return new TrainingSettings(hyperparameters, devices, progressEverySteps, stop);
    }

    /** Side of the model's square input: 48 for whole faces, smaller for crops. */
    public int inputSide() {
        return hyperparameters.inputSide();
    }
}
