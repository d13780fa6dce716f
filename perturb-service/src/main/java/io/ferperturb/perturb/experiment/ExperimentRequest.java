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
 * @param seeds           train every baseline, perturbed and control model once per seed (the table gives mean ±
 *                        standard deviation and a paired comparison per seed); {@code seed} alone is one seed
 * @param controls        {@code more-steps} (a baseline trained for as many optimiser steps and images as the
 *                        expanded perturbed run) and {@code baseline-tta} (the baseline evaluated with the perturbed
 *                        models' masked-copies test-time augmentation): rows that say where a gain comes from
 * @param crop            train every job (the attention model too) on random crops of this side and evaluate on
 *                        TenCrop(crop), as the authors (40)
 * @param attentionArchitecture the classifier behind the attention model's spatial gate ({@code cnn}; the
 *                        authors used {@code vgg16})
 * @param thresholdScale  {@code sum} (the authors' code: the threshold cuts the attention summed over the sample)
 *                        or {@code mean} (it cuts the mean map, far more)
 * @param classWeights    {@code balanced} weighs every job's loss by inverse class frequency; {@code none}
 * @param protocol        {@code paper}: every field left out takes the paper's value ({@link PaperProtocol})
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
        String perturbedBatching,
        List<Long> seeds,
        List<String> controls,
        Integer crop,
        String attentionArchitecture,
        String thresholdScale,
        String classWeights,
        String protocol) {
}
