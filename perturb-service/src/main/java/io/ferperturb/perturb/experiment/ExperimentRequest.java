package io.ferperturb.perturb.experiment;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /experiments}: every field but {@code datasetId} may be left out.
 *
 * @param clusters        n, the number of regions (3)
 * @param sweep           several n at once (e.g. 1…6): one perturbed dataset and training per n
 * @param attention       {@code spatial-gate} (an attention-cnn's gate, the paper's way) or {@code saliency}
 *                        (averaged absolute input gradients of the first architecture's baseline)
 * @param attentionModel  take the attention from this existing model (id, or id:version) instead of training one
 * @param attentionSample training images the attention is averaged over, stratified by class (all)
 * @param attentionEpochs epochs of the attention model (as {@code epochs})
 * @param epochsPerArchitecture epochs for some architectures, over {@code epochs} (a slow resnet18 next to a fast cnn)
 * @param fill            {@code zero} (the paper), {@code mean} or {@code noise}
 * @param keepOriginal    the perturbed training set also holds each original image (true)
 * @param perturbedBatching {@code grouped} (each image's copies in the same batch, batchSize images × their
 *                        copies a step: the baseline's number of optimiser steps per epoch) or {@code expanded}
 *                        (every copy an image of its own, batchSize copies a step); the perturbed jobs' batching
 */
public record ExperimentRequest(
        String datasetId,
        List<String> architectures,
        Integer clusters,
        List<Integer> sweep,
        Integer epochs,
        Integer attentionEpochs,
        Map<String, Integer> epochsPerArchitecture,
        Integer batchSize,
        Double learningRate,
        Long seed,
        Boolean augment,
        String attention,
        String attentionModel,
        Integer attentionSample,
        Double alpha,
        Double beta,
        Double threshold,
        String fill,
        Boolean keepOriginal,
        String perturbedBatching) {
}
