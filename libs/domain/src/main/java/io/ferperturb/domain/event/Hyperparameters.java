package io.ferperturb.domain.event;

import io.ferperturb.domain.data.FaceImage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training job trains and how: the architecture and the knobs of its run. In a {@code dataset-ready}
 * training entry every field may be null (the trainer's default); {@link #over(Hyperparameters)} fills them
 * in, so a job's settings are {@code spec.hyperparameters().over(trainerDefaults)}.
 *
 * @param momentum        Nesterov momentum (0.9)
 * @param weightDecay     L2 weight decay (1e-4)
 * @param plateauFactor   reduce-on-plateau: multiply the learning rate by this (0.75) …
 * @param plateauPatience … after this many epochs without a better validation accuracy (5)
 * @param augmentation    the training-time augmentation; null fields keep the defaults
 * @param crop            train on random crops of this side (e.g. 40) and evaluate on TenCrop(crop), as the
 *                        authors did; null or 48 trains on whole 48×48 faces. It has no default.
 * @param perturbedBatching how a dataset whose Training images come in groups (a perturbed dataset: each
 *                        image's masked copies and the original) is batched: {@value #GROUPED} shuffles groups and
 *                        takes batchSize groups a step, so an epoch has the baseline's number of optimiser steps;
 *                        {@value #EXPANDED} treats every copy as an image of its own (batchSize images a step).
 *                        Ignored for ordinary datasets.
 * @param classWeights    the weight of each class in the cross-entropy: {@value #UNWEIGHTED} (or null) for plain
 *                        cross-entropy, as the authors train; {@value #BALANCED} for each class {@code k} weighted by
 *                        {@code N / (K · count_k)} over the job's Training labels (N images, K classes), which gives
 *                        every class the same total weight (FER2013's disgust has ~1.5 % of the images)
 */
public record Hyperparameters(
        String architecture,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Long seed,
        Double momentum,
        Double weightDecay,
        Double plateauFactor,
        Integer plateauPatience,
        Augmentation augmentation,
        Integer crop,
        String perturbedBatching,
        String classWeights) {

    /** Batching a grouped dataset by whole groups (the default). */
    public static final String GROUPED = "grouped";
    /** Batching a grouped dataset's copies as independent images. */
    public static final String EXPANDED = "expanded";
    /** Plain cross-entropy: every image weighs the same. */
    public static final String UNWEIGHTED = "none";
    /** Cross-entropy with each class weighted inversely to its share of the Training images. */
    public static final String BALANCED = "balanced";

    /** Nothing set: every field takes the defaults. */
    public static final Hyperparameters UNSET = new Hyperparameters(null, null, null, null, null, null, null, null, null,
            null, null, null, null);

    /** The paper's optimiser schedule and augmentation; what to train, and for how long, is left unset. */
    public static final Hyperparameters PAPER = new Hyperparameters(null, null, null, null, null, 0.9, 1e-4, 0.75, 5,
            Augmentation.PAPER, null, GROUPED, UNWEIGHTED);

    /** The optimiser every job trains with (SGD with Nesterov momentum), as the checkpoint's card names it. */
    public static final String OPTIMIZER = "sgd-nesterov";

    /** The contract's original fields; the optimiser, augmentation and crop take defaults. */
    public static Hyperparameters basics(String architecture, Integer epochs, Integer batchSize, Double learningRate,
            Long seed) {
        return new Hyperparameters(architecture, epochs, batchSize, learningRate, seed, null, null, null, null, null,
                null, null, null);
    }

    /**
     * These settings with every null field taken from {@code defaults}. A job's partial augmentation is
     * completed from the preset it switches on or off ({@link Augmentation#overPreset()}); the defaults'
     * augmentation applies when the job names none.
     */
    public Hyperparameters over(Hyperparameters defaults) {
        return new Hyperparameters(pick(architecture, defaults.architecture), pick(epochs, defaults.epochs),
                pick(batchSize, defaults.batchSize), pick(learningRate, defaults.learningRate), pick(seed, defaults.seed),
                pick(momentum, defaults.momentum), pick(weightDecay, defaults.weightDecay),
                pick(plateauFactor, defaults.plateauFactor), pick(plateauPatience, defaults.plateauPatience),
                augmentation == null ? defaults.augmentation : augmentation.overPreset(), pick(crop, defaults.crop),
                pick(perturbedBatching, defaults.perturbedBatching), pick(classWeights, defaults.classWeights));
    }

    /** Whether every field a training run needs is set (all but the crop). */
    public boolean resolved() {
        return architecture != null && epochs != null && batchSize != null && learningRate != null && seed != null
                && momentum != null && weightDecay != null && plateauFactor != null && plateauPatience != null
                && augmentation != null;
    }

    /** Side of the model's square input: the crop, or the whole face. */
    public int inputSide() {
        return crop == null ? FaceImage.SIDE : crop;
    }

    /** Whether a grouped dataset is batched by whole groups: unless {@value #EXPANDED} is asked for. */
    public boolean batchesGroups() {
        return !EXPANDED.equals(perturbedBatching);
    }

    /** Whether the loss weights classes ({@value #BALANCED}); null and {@value #UNWEIGHTED} do not. */
    public boolean weightsClasses() {
        return BALANCED.equals(classWeights);
    }

    public Hyperparameters withPerturbedBatching(String batching) {
        return new Hyperparameters(architecture, epochs, batchSize, learningRate, seed, momentum, weightDecay,
                plateauFactor, plateauPatience, augmentation, crop, batching, classWeights);
    }

    public Hyperparameters withClassWeights(String weights) {
        return new Hyperparameters(architecture, epochs, batchSize, learningRate, seed, momentum, weightDecay,
                plateauFactor, plateauPatience, augmentation, crop, perturbedBatching, weights);
    }

    /** Whether the model trains on crops rather than whole faces. */
    public boolean cropped() {
        return inputSide() != FaceImage.SIDE;
    }

    public Hyperparameters withAugmentation(Augmentation other) {
        return new Hyperparameters(architecture, epochs, batchSize, learningRate, seed, momentum, weightDecay,
                plateauFactor, plateauPatience, other, crop, perturbedBatching, classWeights);
    }

    public Hyperparameters withCrop(Integer side) {
        return new Hyperparameters(architecture, epochs, batchSize, learningRate, seed, momentum, weightDecay,
                plateauFactor, plateauPatience, augmentation, side, perturbedBatching, classWeights);
    }

    /**
     * The {@code hyperparameters} object of a checkpoint ({@code checkpoint-ready} and {@code model.json}) of
     * a job trained with these resolved settings. The architecture is a field of its own there; the crop
     * appears only for a model trained on crops, the class weights only for a weighted loss.
     */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("epochs", epochs);
        described.put("batchSize", batchSize);
        described.put("learningRate", learningRate);
        described.put("optimizer", OPTIMIZER);
        described.put("momentum", momentum);
        described.put("weightDecay", weightDecay);
        described.put("plateauFactor", plateauFactor);
        described.put("plateauPatience", plateauPatience);
        described.put("seed", seed);
        described.put("augmentation", augmentation);
        if (cropped()) {
            described.put("crop", inputSide()); // trained on random crops, evaluated on their TenCrop
        }
        if (weightsClasses()) {
            described.put("classWeights", classWeights);
        }
        return described;
    }

    private static <T> T pick(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
