package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.EvaluationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The paper's Table 2 and 3 shape: per architecture, the baseline and each perturbed model on the clean
 * PrivateTest, with test-time augmentation (perturbed models) and on the occluded PrivateTest; then the
 * perturbed-minus-baseline deltas, overall and per class (per-class accuracy, i.e. recall).
 */
public record ResultsTable(List<Row> rows, List<Delta> deltas) {
    public static final String CLEAN = "clean";
    public static final String CLEAN_TTA = "clean-tta";
    public static final String OCCLUDED = "occluded";

    /** The numbers of one model on one test set. */
    public record Scores(double accuracy, double balancedAccuracy, double macroF1, Map<String, Double> recall,
                         Map<String, Double> f1) {
        static Scores of(EvaluationResult e) {
            Map<String, Double> recall = new LinkedHashMap<>();
            Map<String, Double> f1 = new LinkedHashMap<>();
            for (String label : Emotion.labels()) {
                EvaluationResult.ClassMetrics m = e.perClass() == null ? null : e.perClass().get(label);
                recall.put(label, m == null ? null : m.recall());
                f1.put(label, m == null ? null : m.f1());
            }
            return new Scores(e.accuracy(), e.balancedAccuracy(), e.macroF1(), recall, f1);
        }
    }

    /** One trained model: {@code variant} baseline or perturbed (then {@code clusters} is its n). */
    public record Row(String architecture, JobRole variant, Integer clusters, String modelId, Integer version,
                      Scores clean, Scores cleanTta, Scores occluded) {
    }

    /** Perturbed minus baseline for one architecture, one n and one test set. */
    public record Delta(String architecture, int clusters, String testSet, double accuracy, double balancedAccuracy,
                        double macroF1, Map<String, Double> perClassRecall) {
    }

    /** The table of the experiment's succeeded jobs (failed ones have no row). */
    public static ResultsTable of(Experiment experiment) {
        List<Row> rows = new ArrayList<>();
        List<Delta> deltas = new ArrayList<>();
        for (String architecture : experiment.spec().architectures()) {
            Optional<Row> baseline = row(experiment, architecture, JobRole.BASELINE, null);
            baseline.ifPresent(rows::add);
            for (int n : experiment.spec().clusterCounts()) {
                Optional<Row> perturbed = row(experiment, architecture, JobRole.PERTURBED, n);
                perturbed.ifPresent(rows::add);
                if (baseline.isPresent() && perturbed.isPresent()) {
                    Row b = baseline.get();
                    Row p = perturbed.get();
                    delta(architecture, n, CLEAN, b.clean(), p.clean()).ifPresent(deltas::add);
                    delta(architecture, n, CLEAN_TTA, b.clean(), p.cleanTta()).ifPresent(deltas::add);
                    delta(architecture, n, OCCLUDED, b.occluded(), p.occluded()).ifPresent(deltas::add);
                }
            }
        }
        return new ResultsTable(rows, deltas);
    }

    private static Optional<Row> row(Experiment experiment, String architecture, JobRole role, Integer n) {
        return experiment.jobs(role).stream()
                .filter(j -> j.architecture().equals(architecture) && j.succeeded() && j.test() != null)
                .filter(j -> n == null || n.equals(j.clusters()))
                .findFirst()
                .map(j -> new Row(architecture, role, j.clusters(), j.modelId(), j.version(), Scores.of(j.test()),
                        evaluation(j, e -> Boolean.TRUE.equals(e.tta())),
                        evaluation(j, e -> experiment.occludedDatasetId() != null
                                && experiment.occludedDatasetId().equals(e.datasetId()) && !Boolean.TRUE.equals(e.tta()))));
    }

    private static Scores evaluation(ExperimentJob job, java.util.function.Predicate<EvaluationResult> which) {
        return job.evaluations().stream().filter(which).findFirst().map(Scores::of).orElse(null);
    }

    private static Optional<Delta> delta(String architecture, int n, String testSet, Scores baseline, Scores perturbed) {
        if (baseline == null || perturbed == null) {
            return Optional.empty();
        }
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (String label : Emotion.labels()) {
            Double b = baseline.recall().get(label);
            Double p = perturbed.recall().get(label);
            perClass.put(label, b == null || p == null ? null : p - b);
        }
        return Optional.of(new Delta(architecture, n, testSet, perturbed.accuracy() - baseline.accuracy(),
                perturbed.balancedAccuracy() - baseline.balancedAccuracy(), perturbed.macroF1() - baseline.macroF1(),
                perClass));
    }
}
