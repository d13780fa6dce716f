package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.event.TrainingSpec;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.UnknownArchitectureException;
import io.ferperturb.models.arch.GatedArchitectureFactory;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import io.ferperturb.perturb.perturbation.AttentionAggregator.ThresholdScale;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An experiment request with every default filled in and every value checked; stored in the state.
 *
 * @param clusterCounts the n to perturb with: the sweep, or the one {@code clusters}
 * @param perturbedBatching how the perturbed jobs batch the copies (null in states stored before it existed:
 *                      the trainer's default, grouped)
 * @param seed          the first of the seeds: the attention model's, the clustering's and the occlusion's
 * @param seeds         every row is trained once per seed
 * @param controls      the control rows asked for: {@value #MORE_STEPS}, {@value #BASELINE_TTA}
 * @param attentionArchitecture the attention model's architecture, a gated classifier ({@code attention-cnn})
 * @param thresholdScale {@code sum} or {@code mean} ({@code mean} in states stored before it existed)
 * Fields added later are null in states stored before them; the compact constructor gives them the behaviour
 * those experiments had.
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
        String perturbedBatching,
        List<Long> seeds,
        List<String> controls,
        Integer crop,
        String attentionArchitecture,
        String thresholdScale,
        String classWeights,
        String protocol) {

    public static final String SPATIAL_GATE = "spatial-gate";
    public static final String SALIENCY = "saliency";
    /** The architecture trained for {@link #SPATIAL_GATE} attention unless another is asked for. */
    public static final String ATTENTION_ARCHITECTURE = "attention-cnn";
    /** The control of "is it just more data?": a baseline with the expanded perturbed run's steps and images. */
    public static final String MORE_STEPS = "more-steps";
    /** The control of "is it just test-time augmentation?": the baseline evaluated on the masked copies. */
    public static final String BASELINE_TTA = "baseline-tta";
    public static final List<String> CONTROLS = List.of(MORE_STEPS, BASELINE_TTA);
    public static final String BALANCED = "balanced";
    public static final String NO_CLASS_WEIGHTS = "none";

    public ExperimentSpec {
        long first = seed == null ? ExperimentStateMachine.DEFAULT_SEED : seed;
        seeds = seeds == null || seeds.isEmpty() ? List.of(first) : List.copyOf(seeds);
        controls = controls == null ? List.of() : List.copyOf(controls);
        attentionArchitecture = attentionArchitecture == null ? ATTENTION_ARCHITECTURE : attentionArchitecture;
        thresholdScale = thresholdScale == null ? "mean" : thresholdScale;
    }

    /** Fills defaults and validates; problems become one {@link InvalidExperimentException} naming each. */
    public static ExperimentSpec of(ExperimentRequest request) {
        if (request == null || request.datasetId() == null || request.datasetId().isBlank()) {
            throw new InvalidExperimentException("datasetId is required: the id of a stored dataset (GET /datasets)");
        }
        noNullElements("architectures", request.architectures());
        noNullElements("sweep", request.sweep());
        noNullElements("seeds", request.seeds());
        noNullElements("controls", request.controls());
        if (request.epochsPerArchitecture() != null && request.epochsPerArchitecture().containsValue(null)) {
            throw new InvalidExperimentException("epochsPerArchitecture maps architectures to whole numbers of epochs; "
                    + "a value is null");
        }
        if (request.protocol() != null && !PaperProtocol.NAME.equals(request.protocol())) {
            throw new InvalidExperimentException("protocol must be '" + PaperProtocol.NAME
                    + "' (the paper's setup for every field left out) or left out, got '" + request.protocol() + "'");
        }
        ExperimentRequest r = request.protocol() == null ? request : PaperProtocol.fill(request);
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
        List<Long> seeds = r.seeds() == null || r.seeds().isEmpty()
                ? List.of(r.seed() == null ? ExperimentStateMachine.DEFAULT_SEED : r.seed())
                : r.seeds().stream().distinct().toList();
        List<String> controls = r.controls() == null ? List.of() : r.controls().stream().distinct().toList();
        for (String control : controls) {
            if (!CONTROLS.contains(control)) {
                throw new InvalidExperimentException("controls are " + CONTROLS + ", got '" + control + "'");
            }
        }
        if (controls.contains(MORE_STEPS)) {
            for (String architecture : architectures) {
                if (perArchitecture.getOrDefault(architecture, r.epochs()) == null) {
                    throw new InvalidExperimentException("the " + MORE_STEPS + " control trains a baseline for the "
                            + "perturbed run's epochs × its copies per image: set epochs (or epochsPerArchitecture."
                            + architecture + ")");
                }
            }
        }
        if (r.crop() != null && (r.crop() < 32 || r.crop() > 48)) {
            throw new InvalidExperimentException("crop is the side of the training crops, 32–48 pixels (the paper: 40), got "
                    + r.crop());
        }
        String attentionArchitecture = attentionArchitecture(r.attentionArchitecture());
        String thresholdScale = r.thresholdScale() == null ? "sum" : r.thresholdScale();
        try {
            ThresholdScale.parse(thresholdScale);
        } catch (IllegalArgumentException e) {
            throw new InvalidExperimentException(e.getMessage());
        }
        String classWeights = r.classWeights() == null ? NO_CLASS_WEIGHTS : r.classWeights();
        if (!NO_CLASS_WEIGHTS.equals(classWeights) && !BALANCED.equals(classWeights)) {
            throw new InvalidExperimentException("classWeights must be '" + BALANCED + "' (each class weighted by its "
                    + "inverse frequency) or '" + NO_CLASS_WEIGHTS + "', got '" + classWeights + "'");
        }
        return new ExperimentSpec(r.datasetId(), architectures, clusters, counts, r.epochs(),
                r.attentionEpochs() == null ? r.epochs() : r.attentionEpochs(), perArchitecture, r.batchSize(), r.learningRate(),
                seeds.get(0), r.augment(), attention, blankToNull(r.attentionModel()), r.attentionSample(), alpha, beta,
                r.threshold() == null ? 0.5 : r.threshold(), fill, r.keepOriginal() == null || r.keepOriginal(),
                batching, seeds, controls, r.crop(), attentionArchitecture, thresholdScale, classWeights, r.protocol());
    }

    /** {@code vgg16} or {@code attention-vgg16}: the gated attention model's name. */
    private static String attentionArchitecture(String asked) {
        if (asked == null || asked.isBlank()) {
            return ATTENTION_ARCHITECTURE;
        }
        String name = asked.trim().startsWith(GatedArchitectureFactory.PREFIX) ? asked.trim()
                : GatedArchitectureFactory.nameOf(asked.trim());
        try {
            Architectures.get(name);
        } catch (UnknownArchitectureException e) {
            throw new InvalidExperimentException("attentionArchitecture is the classifier behind the spatial gate "
                    + "(e.g. cnn or vgg16): " + e.getMessage());
        }
        return name;
    }

    /** Whether the control {@code name} was asked for. */
    public boolean hasControl(String name) {
        return controls.contains(name);
    }

    /** Copies of each image in a perturbed dataset of n regions: n masked ones, and the original if kept. */
    public int copies(int n) {
        return n + (keepOriginal ? 1 : 0);
    }

    /**
     * The epochs of the {@value #MORE_STEPS} control of one architecture and n: the expanded perturbed run takes
     * {@link #copies} × the baseline's steps and images per epoch, so the baseline trains that many times longer.
     */
    public int moreStepsEpochs(String architecture, int n) {
        return epochsOf(architecture) * copies(n);
    }

    /** The first seed is the attention model's, the clustering's and the occluded test set's. */
    public long firstSeed() {
        return seeds.get(0);
    }

    public ThresholdScale attentionThresholdScale() {
        return ThresholdScale.parse(thresholdScale);
    }

    /** The epochs of one architecture's baseline and perturbed jobs (null: the trainer's default). */
    public Integer epochsOf(String architecture) {
        return epochsPerArchitecture.getOrDefault(architecture, epochs);
    }

    /**
     * The training entry of one job (null knobs: the trainer's defaults): crop and class weights as asked, for
     * every job alike.
     */
    public TrainingSpec training(String architecture, Integer epochs, long jobSeed, List<String> evaluateOn,
            String experimentId, String modelId) {
        Augmentation augmentation = augment == null ? null
                : new Augmentation(augment, null, null, null, null, null, null, null);
        Hyperparameters h = Hyperparameters.basics(architecture, epochs, batchSize, learningRate, jobSeed)
                .withAugmentation(augmentation).withCrop(crop)
                .withClassWeights(BALANCED.equals(classWeights) ? BALANCED : null);
        return new TrainingSpec(h, evaluateOn, experimentId, modelId);
    }

    /** The training entry of one job on a perturbed dataset: as {@link #training}, its copies batched as asked. */
    public TrainingSpec perturbedTraining(String architecture, Integer epochs, long jobSeed, List<String> evaluateOn,
            String experimentId, String modelId) {
        TrainingSpec spec = training(architecture, epochs, jobSeed, evaluateOn, experimentId, modelId);
        return new TrainingSpec(spec.hyperparameters().withPerturbedBatching(perturbedBatching), evaluateOn, experimentId,
                modelId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A JSON list with null in it ({@code "sweep": [null]}) names what its elements must be. */
    private static void noNullElements(String field, List<?> values) {
        if (values != null && values.stream().anyMatch(Objects::isNull)) {
            throw new InvalidExperimentException(field + " must not hold null: it lists " + switch (field) {
                case "architectures" -> "architecture names (e.g. \"cnn\")";
                case "sweep" -> "cluster counts, whole numbers 1–" + ClusterMap.MAX_CLUSTERS;
                case "seeds" -> "seeds, whole numbers";
                default -> "names from " + CONTROLS;
            });
        }
    }

    private static void positive(String name, Integer value) {
        if (value != null && value < 1) {
            throw new InvalidExperimentException(name + " must be ≥ 1, got " + value);
        }
    }
}
