package io.ferperturb.perturb.service;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.arch.SpatialAttention;
import io.ferperturb.models.saliency.InputGradients;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.perturb.config.PerturbConfig;
import io.ferperturb.perturb.perturbation.AttentionAggregator;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Phase 1 of the method, read out: the pixel attention of a trained checkpoint over (a stratified sample
 * of) the Training images, aggregated into the clustering feature by {@link AttentionAggregator}. The
 * maps come from the attention model's spatial gate ({@code spatial-gate}) or from the absolute input
 * gradient of the true class's logit of any classifier ({@code saliency}).
 */
@ApplicationScoped
public class AttentionMapper {
    private static final int BATCH = 256;

    private final CheckpointStore checkpoints;
    private final PerturbConfig config;

    AttentionMapper(CheckpointStore checkpoints, PerturbConfig config) {
        this.checkpoints = checkpoints;
        this.config = config;
    }

    /**
     * @param checkpoint the model's final checkpoint prefix
     * @param saliency   gradient saliency instead of the spatial gate
     * @param sample     images to use, stratified by class; null for all
     * @param scale      whether the threshold cuts the sum over the images (the authors' code) or their mean
     */
    public AttentionAggregator.Attention attention(S3Uri checkpoint, SplitData train, boolean saliency, Integer sample,
            double threshold, AttentionAggregator.ThresholdScale scale, double alpha, long seed) {
        AttentionAggregator aggregator = new AttentionAggregator(new AttentionAggregator.Settings(threshold, alpha,
                saliency ? AttentionAggregator.InputScale.PER_IMAGE_MAX : AttentionAggregator.InputScale.AS_IS, scale));
        int[] chosen = stratifiedSample(train, sample, seed);
        long t0 = System.nanoTime();
        try (LoadedModel loaded = checkpoints.load(checkpoint, Djl.device(config.device()))) {
            AttentionAggregator.Accumulator sum = aggregator.accumulator();
            for (int first = 0; first < chosen.length; first += BATCH) {
                int n = Math.min(BATCH, chosen.length - first);
                float[] input = new float[n * FaceImage.PIXELS];
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    int image = chosen[first + i];
                    FacePreprocessing.toInput(train.pixels(), train.pixelOffset(image), input, i * FaceImage.PIXELS,
                            loaded.card().normalisation());
                    labels[i] = train.label(image);
                }
                sum.add(saliency ? absoluteGradients(loaded, input, labels)
                        : gateMaps(loaded, input, n), 0, n);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Log.infof("attention (%s) of %s over %d Training images in %.1f s (%.0f images/s)",
                    saliency ? "saliency" : "spatial gate", loaded.card().modelId(), chosen.length, seconds,
                    chosen.length / seconds);
            return sum.result();
        }
    }

    /** Per image, |∂ logit of its true class / ∂ input|, back to back. */
    private static float[] absoluteGradients(LoadedModel loaded, float[] input, int[] labels) {
        float[][] gradients = InputGradients.of(loaded.model(), input, FaceImage.SIDE, labels);
        float[] maps = new float[gradients.length * FaceImage.PIXELS];
        for (int i = 0; i < gradients.length; i++) {
            for (int p = 0; p < FaceImage.PIXELS; p++) {
                maps[i * FaceImage.PIXELS + p] = Math.abs(gradients[i][p]);
            }
        }
        return maps;
    }

    private static float[] gateMaps(LoadedModel loaded, float[] input, int n) {
        try (NDManager sub = loaded.model().getNDManager().newSubManager()) {
            NDArray x = Djl.images(sub, input, n, FaceImage.SIDE);
            return SpatialAttention.attentionMap(loaded.model(), x).toFloatArray();
        }
    }

    /** Image indices: all of them, or {@code sample} drawn per class in proportion to its share (seeded). */
    static int[] stratifiedSample(SplitData train, Integer sample, long seed) {
        int size = train.size();
        if (size == 0) {
            throw new IllegalArgumentException("the dataset has no Training images to compute attention over");
        }
        if (sample == null || sample >= size) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int label = train.label(i);
            while (byClass.size() <= label) {
                byClass.add(new ArrayList<>());
            }
            byClass.get(label).add(i);
        }
        Random random = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, random);
            int take = (int) Math.max(members.isEmpty() ? 0 : 1, Math.round((double) sample * members.size() / size));
            chosen.addAll(members.subList(0, Math.min(take, members.size())));
        }
        return chosen.stream().sorted().mapToInt(Integer::intValue).toArray();
    }
}
