package io.ferperturb.domain.event;

import java.util.List;

/**
 * One training job asked for by a {@code dataset-ready} event. Null fields take the trainer's
 * configured defaults (the paper's protocol, see the method notes).
 *
 * @param evaluateOn      extra datasets whose test splits the final model is also evaluated on
 * @param experimentId    set by the perturb-service so that results find their experiment
 * @param momentum        Nesterov momentum (0.9)
 * @param weightDecay     L2 weight decay (1e-4)
 * @param plateauFactor   reduce-on-plateau: multiply the learning rate by this (0.75) …
 * @param plateauPatience … after this many epochs without a better validation accuracy (5)
 * @param augmentation    the training-time augmentation; null fields keep the defaults
 * @param crop            train on random crops of this side (e.g. 40) and evaluate on TenCrop(crop), as the
 *                        authors did; null or 48 trains on whole 48×48 faces
 */
public record TrainingSpec(
        String architecture,
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Long seed,
        List<String> evaluateOn,
        String experimentId,
        Double momentum,
        Double weightDecay,
        Double plateauFactor,
        Integer plateauPatience,
        Augmentation augmentation,
        Integer crop) {

    /** Every field but the crop (whole faces). */
    public TrainingSpec(String architecture, Integer epochs, Integer batchSize, Double learningRate, Long seed,
            List<String> evaluateOn, String experimentId, Double momentum, Double weightDecay, Double plateauFactor,
            Integer plateauPatience, Augmentation augmentation) {
        this(architecture, epochs, batchSize, learningRate, seed, evaluateOn, experimentId, momentum, weightDecay,
                plateauFactor, plateauPatience, augmentation, null);
    }

    /** The contract's original fields; the optimiser and augmentation knobs take defaults. */
    public TrainingSpec(String architecture, Integer epochs, Integer batchSize, Double learningRate, Long seed,
            List<String> evaluateOn, String experimentId) {
        this(architecture, epochs, batchSize, learningRate, seed, evaluateOn, experimentId, null, null, null, null, null,
                null);
    }

    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null, null, null, null);
    }
}
