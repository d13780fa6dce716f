package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.event.TrainingSpec;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.UnknownArchitectureException;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import java.util.List;
import java.util.Map;

/**
 * An experiment request with every default filled in and every value checked; stored in the state.
 *
 * @param clusterCounts the n to perturb with: the sweep, or the one {@code clusters}
 * @param perturbedBatching how the perturbed jobs batch the copies (null in states stored before it existed:
 *                      the trainer's default, grouped)
 */
public record ExperimentSpec(
        String datasetId,
        List<String> architectures,
        int clusters,
        List<Integer> clusterCounts,
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
        double alpha,
        double beta,
        double threshold,
        String fill,
        boolean keepOriginal,
        String perturbedBatching) {

    public static final String SPATIAL_GATE = "spatial-gate";
    public static final String SALIENCY = "saliency";
    /** The architecture trained for {@link #SPATIAL_GATE} attention. */
    public static final String ATTENTION_ARCHITECTURE = "attention-cnn";

    /** Fills defaults and validates; problems become one {@link InvalidExperimentException} naming each. */
    public static ExperimentSpec of(ExperimentRequest r) {
        if (r == null || r.datasetId() == null || r.datasetId().isBlank()) {
            throw new InvalidExperimentException("datasetId is required: the id of a stored dataset (GET /datasets)");
        }
        List<String> architectures = r.architectures() == null || r.architectures().isEmpty() ? List.of("cnn")
                : r.architectures().stream().map(String::trim).distinct().toList();
        for (String architecture : architectures) {
            try {
                Architectures.get(architecture);
            } catch (UnknownArchitectureException e) {
                throw new InvalidExperimentException(e.getMessage());
            }
        }
        int clusters = r.clusters() == null ? 3 : r.clusters();
        List<Integer> counts = r.sweep() == null || r.sweep().isEmpty() ? List.of(clusters)
                : r.sweep().stream().distinct().sorted().toList();
        for (int n : counts) {
            if (n < 1 || n > ClusterMap.MAX_CLUSTERS) {
                throw new InvalidExperimentException("a cluster count must be between 1 and " + ClusterMap.MAX_CLUSTERS
                        + ", got " + n);
            }
        }
        if (!counts.contains(clusters)) {
            clusters = counts.get(0);
        }
        String attention = r.attention() == null ? SPATIAL_GATE : r.attention();
        if (!SPATIAL_GATE.equals(attention) && !SALIENCY.equals(attention)) {
            throw new InvalidExperimentException("attention must be '" + SPATIAL_GATE + "' or '" + SALIENCY + "', got '"
                    + attention + "'");
        }
        Map<String, Integer> perArchitecture = r.epochsPerArchitecture() == null ? Map.of() : Map.copyOf(r.epochsPerArchitecture());
        perArchitecture.forEach((architecture, epochs) -> positive("epochsPerArchitecture." + architecture, epochs));
        positive("epochs", r.epochs());
        positive("attentionEpochs", r.attentionEpochs());
        positive("batchSize", r.batchSize());
        positive("attentionSample", r.attentionSample());
        if (r.learningRate() != null && !(r.learningRate() > 0)) {
            throw new InvalidExperimentException("learningRate must be > 0, got " + r.learningRate());
        }
        double alpha = r.alpha() == null ? 1.2 : r.alpha();
        double beta = r.beta() == null ? 1.5 : r.beta();
        if (!(alpha > 0) || !(beta > 0)) {
            throw new InvalidExperimentException("alpha and beta must be > 0, got " + alpha + " and " + beta);
        }
        String fill = r.fill() == null ? "zero" : r.fill();
        try {
            Fill.parse(fill);
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException(e.getMessage());
        }
        String batching = r.perturbedBatching() == null ? Hyperparameters.GROUPED : r.perturbedBatching();
        if (!Hyperparameters.GROUPED.equals(batching) && !Hyperparameters.EXPANDED.equals(batching)) {
            throw new InvalidExperimentException("perturbedBatching must be '" + Hyperparameters.GROUPED + "' or '"
                    + Hyperparameters.EXPANDED + "', got '" + batching + "'");
        }
        return new ExperimentSpec(r.datasetId(), architectures, clusters, counts, r.epochs(),
                r.attentionEpochs() == null ? r.epochs() : r.attentionEpochs(), perArchitecture, r.batchSize(), r.learningRate(),
                r.seed(), r.augment(), attention, blankToNull(r.attentionModel()), r.attentionSample(), alpha, beta,
                r.threshold() == null ? 0.5 : r.threshold(), fill, r.keepOriginal() == null || r.keepOriginal(),
                batching);
    }

    /** The epochs of one architecture's baseline and perturbed jobs (null: the trainer's default). */
    public Integer epochsOf(String architecture) {
        return epochsPerArchitecture.getOrDefault(architecture, epochs);
    }

    /** The training entry of one architecture (null knobs: the trainer's defaults). */
    public TrainingSpec training(String architecture, Integer epochs, List<String> evaluateOn, String experimentId) {
        Augmentation augmentation = augment == null ? null
                : new Augmentation(augment, null, null, null, null, null, null, null);
        return new TrainingSpec(Hyperparameters.basics(architecture, epochs, batchSize, learningRate, seed)
                .withAugmentation(augmentation), evaluateOn, experimentId);
    }

    /** The training entry of one architecture on a perturbed dataset: as {@link #training}, batched as asked. */
    public TrainingSpec perturbedTraining(String architecture, Integer epochs, List<String> evaluateOn,
            String experimentId) {
        TrainingSpec spec = training(architecture, epochs, evaluateOn, experimentId);
        return new TrainingSpec(spec.hyperparameters().withPerturbedBatching(perturbedBatching), evaluateOn, experimentId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void positive(String name, Integer value) {
        if (value != null && value < 1) {
            throw new InvalidExperimentException(name + " must be ≥ 1, got " + value);
        }
    }
}
