package io.ferperturb.trainer.training;

import ai.djl.Device;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.event.Augmentation;

/**
 * The knobs of one training run, every default filled in.
 *
 * @param devices   one device, or several GPUs for data-parallel training (each step's batch is split)
 * @param inputSide 48 for whole faces; smaller: train on random crops of this side, evaluate on their TenCrop
 */
public record TrainingSettings(String architecture, int epochs, int batchSize, double learningRate, long seed,
        Device[] devices, int progressEverySteps, double momentum, double weightDecay, double plateauFactor,
        int plateauPatience, Augmentation augmentation, int inputSide) {

    /** The paper's optimiser and augmentation with the given basics (tests, benchmarks). */
    public static TrainingSettings paper(String architecture, int epochs, int batchSize, double learningRate, long seed,
            Device device) {
        return new TrainingSettings(architecture, epochs, batchSize, learningRate, seed, new Device[] {device}, 20, 0.9,
                1e-4, 0.75, 5, Augmentation.PAPER, FaceImage.SIDE);
    }

    /** "cpu()", "gpu(0)", or "gpu(0)+gpu(1)" when data parallel. */
    public String deviceName() {
        return String.join("+", java.util.Arrays.stream(devices).map(Object::toString).toList());
    }

    public TrainingSettings withAugmentation(Augmentation other) {
        return new TrainingSettings(architecture, epochs, batchSize, learningRate, seed, devices, progressEverySteps,
                momentum, weightDecay, plateauFactor, plateauPatience, other, inputSide);
    }

    public TrainingSettings withInputSide(int side) {
        return new TrainingSettings(architecture, epochs, batchSize, learningRate, seed, devices, progressEverySteps,
                momentum, weightDecay, plateauFactor, plateauPatience, augmentation, side);
    }

    /** Whether the model trains on crops rather than whole faces. */
    public boolean cropped() {
        return inputSide != FaceImage.SIDE;
    }
}
