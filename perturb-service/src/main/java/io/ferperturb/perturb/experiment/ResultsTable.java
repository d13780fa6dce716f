package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.domain.metrics.SeedSpread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The paper's Table 2 and 3 shape, with the controls that say where a gain comes from. Per architecture and
 * seed: the baseline, each perturbed model, the {@code more-steps} control (a baseline with the expanded perturbed
 * run's steps and images) and the {@code baseline-tta} control (the baseline with the perturbed models'
 * test-time augmentation), each on the clean PrivateTest, with test-time augmentation and on the occluded
 * PrivateTest. Then: the mean ± standard deviation over seeds ({@code summary}), the perturbed-minus-baseline
 * deltas of those means, overall and per class ({@code deltas}), and, once every job has ended, an
 * {@value #ENSEMBLE} row per variant (the sum of the architectures' logits) and, per seed, paired comparisons of
 * each perturbed model with the baseline and the controls ({@code comparisons}).
 */
public record ResultsTable(List<Row> rows, List<Delta> deltas, List<Summary> summary, List<Comparison> comparisons) {
    public static final String CLEAN = "clean";
    public static final String CLEAN_TTA = "clean-tta";
    public static final String OCCLUDED = "occluded";
    /** The variant of a row that is the baseline evaluated with the perturbed models' test-time augmentation. */
    public static final String BASELINE_TTA = ExperimentSpec.BASELINE_TTA;
    /** The architecture of the rows that sum the logits of the experiment's architectures. */
    public static final String ENSEMBLE = "ensemble";

    public ResultsTable {
        summary = summary == null ? List.of() : summary; // tables stored before seeds were listed
        comparisons = comparisons == null ? List.of() : comparisons;
    }

    /** The numbers of one model on one test set; {@code predictionsUri} names its per-image predictions. */
    public record Scores(double accuracy, double balancedAccuracy, double macroF1, Map<String, Double> recall,
                         Map<String, Double> f1, String predictionsUri) {
        static Scores of(EvaluationResult e) {
            Map<String, Double> recall = new LinkedHashMap<>();
            Map<String, Double> f1 = new LinkedHashMap<>();
            for (String label : Emotion.labels()) {
                EvaluationResult.ClassMetrics m = e.perClass() == null ? null : e.perClass().get(label);
                recall.put(label, m == null ? null : m.recall());
                f1.put(label, m == null ? null : m.f1());
            }
            return new Scores(e.accuracy(), e.balancedAccuracy(), e.macroF1(), recall, f1, e.predictionsUri());
        }

        /** The scores' mean over seeds, class by class. */
        static Scores mean(List<Scores> all) {
            Map<String, Double> recall = new LinkedHashMap<>();
            Map<String, Double> f1 = new LinkedHashMap<>();
            for (String label : Emotion.labels()) {
                recall.put(label, meanOf(all.stream().map(s -> s.recall().get(label)).toList()));
                f1.put(label, meanOf(all.stream().map(s -> s.f1().get(label)).toList()));
            }
            return new Scores(meanOf(all.stream().map(Scores::accuracy).toList()),
                    meanOf(all.stream().map(Scores::balancedAccuracy).toList()),
                    meanOf(all.stream().map(Scores::macroF1).toList()), recall, f1, null);
        }

        private static Double meanOf(List<Double> values) {
            return values.stream().anyMatch(Objects::isNull) ? null
                    : values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /**
     * One trained model on its test sets: {@code variant} baseline, perturbed, more-steps or baseline-tta (then
     * {@code clusters} is its n: of its perturbed dataset, or of the perturbed run it is a control of).
     */
    public record Row(String architecture, String variant, Integer clusters, Long seed, String modelId, Integer version,
                      Scores clean, Scores cleanTta, Scores occluded) {
        /** The scores on {@link #CLEAN}, {@link #CLEAN_TTA} or {@link #OCCLUDED}. */
        public Scores on(String testSet) {
            return switch (testSet) {
                case CLEAN -> clean;
                case CLEAN_TTA -> cleanTta;
                case OCCLUDED -> occluded;
                default -> throw new IllegalArgumentException("no test set " + testSet);
            };
        }

        boolean sameCell(String otherArchitecture, String otherVariant, Integer n) {
            return architecture.equals(otherArchitecture) && variant.equals(otherVariant) && Objects.equals(clusters, n);
        }
    }

    /** Mean ± standard deviation over the seeds of one architecture, variant and n, per test set. */
    public record Summary(String architecture, String variant, Integer clusters, int seeds, Spread clean, Spread cleanTta,
                          Spread occluded) {
    }

    /** Accuracy, balanced accuracy and macro-F1 over seeds. */
    public record Spread(SeedSpread accuracy, SeedSpread balancedAccuracy, SeedSpread macroF1) {
        static Spread of(List<Scores> scores) {
            if (scores.isEmpty() || scores.contains(null)) {
                return null;
            }
            return new Spread(SeedSpread.of(scores.stream().map(Scores::accuracy).toList()),
                    SeedSpread.of(scores.stream().map(Scores::balancedAccuracy).toList()),
                    SeedSpread.of(scores.stream().map(Scores::macroF1).toList()));
        }
    }

    /** Perturbed minus baseline (their means over seeds) for one architecture, one n and one test set. */
    public record Delta(String architecture, int clusters, String testSet, double accuracy, double balancedAccuracy,
                        double macroF1, Map<String, Double> perClassRecall) {
    }

    /**
     * A perturbed model against a reference model of the same architecture, n and seed on the same PrivateTest
     * images: {@code against} is baseline, more-steps or baseline-tta; {@code testSet} is the perturbed model's,
     * compared with the reference's clean (occluded on the occluded set; TTA for baseline-tta). The accuracy
     * difference (perturbed minus reference) with its paired bootstrap 95% interval, and McNemar's exact test
     * on the images exactly one of the two gets right. {@code significant}: the interval leaves out zero.
     */
    public record Comparison(String architecture, int clusters, long seed, String against, String testSet,
                             double difference, double low, double high, int onlyReference, int onlyPerturbed,
                             double mcNemarP, boolean significant) {
    }

    /** The table of the experiment's succeeded jobs so far (failed ones have no row); no ensemble, no comparison. */
    public static ResultsTable of(Experiment experiment) {
        return of(rows(experiment), List.of());
    }

    /**
     * The whole table of an ended experiment: with the ensemble rows and the paired comparisons, computed from
     * the stored per-image predictions that {@code predictions} loads by URI.
     */
    public static ResultsTable of(Experiment experiment, Function<String, Predictions> predictions) {
        PredictionCache cache = new PredictionCache(predictions);
        List<Row> rows = new ArrayList<>(rows(experiment));
        rows.addAll(EnsembleRows.of(rows, experiment.spec().architectures(), cache));
        return of(rows, SeedComparisons.of(rows, cache));
    }

    private static ResultsTable of(List<Row> rows, List<Comparison> comparisons) {
        List<Summary> summary = summarise(rows);
        return new ResultsTable(rows, deltas(summary, rows), summary, comparisons);
    }

    private static List<Row> rows(Experiment x) {
        ExperimentSpec spec = x.spec();
        List<Row> rows = new ArrayList<>();
        for (String architecture : spec.architectures()) {
            for (long seed : spec.seeds()) {
                job(x, JobRole.BASELINE, architecture, null, seed).ifPresent(j -> rows.add(row(x, j, JobRole.BASELINE.json())));
                for (int n : spec.clusterCounts()) {
                    job(x, JobRole.PERTURBED, architecture, n, seed).ifPresent(j -> rows.add(row(x, j, JobRole.PERTURBED.json())));
                    job(x, JobRole.MORE_STEPS, architecture, n, seed).ifPresent(j -> rows.add(row(x, j, JobRole.MORE_STEPS.json())));
                    String perturbed = x.perturbedDatasets().get(n);
                    job(x, JobRole.BASELINE, architecture, null, seed)
                            .flatMap(j -> evaluation(j, e -> Boolean.TRUE.equals(e.tta()) && e.datasetId() != null
                                    && e.datasetId().equals(perturbed)).map(tta -> new Row(architecture, BASELINE_TTA, n,
                                    seed, j.modelId(), j.version(), null, tta, null)))
                            .ifPresent(rows::add);
                }
            }
        }
        return rows;
    }

    private static Optional<ExperimentJob> job(Experiment x, JobRole role, String architecture, Integer n, long seed) {
        return x.jobs(role).stream()
                .filter(j -> j.architecture().equals(architecture) && j.succeeded() && j.test() != null)
                .filter(j -> n == null || n.equals(j.clusters()))
                .filter(j -> j.seedOr(x.spec().firstSeed()) == seed)
                .findFirst();
    }

    private static Row row(Experiment x, ExperimentJob j, String variant) {
        return new Row(j.architecture(), variant, j.clusters(), j.seedOr(x.spec().firstSeed()), j.modelId(), j.version(),
                Scores.of(j.test()),
                j.role() == JobRole.PERTURBED ? evaluation(j, e -> Boolean.TRUE.equals(e.tta())).orElse(null) : null,
                evaluation(j, e -> x.occludedDatasetId() != null && x.occludedDatasetId().equals(e.datasetId())
                        && !Boolean.TRUE.equals(e.tta())).orElse(null));
    }

    private static Optional<Scores> evaluation(ExperimentJob job, Predicate<EvaluationResult> which) {
        return job.evaluations().stream().filter(which).findFirst().map(Scores::of);
    }

    /** One summary per architecture, variant and n, in the rows' order. */
    private static List<Summary> summarise(List<Row> rows) {
        List<Summary> summary = new ArrayList<>();
        for (Row r : rows) {
            if (summary.stream().anyMatch(s -> r.sameCell(s.architecture(), s.variant(), s.clusters()))) {
                continue;
            }
            List<Row> runs = rows.stream().filter(o -> o.sameCell(r.architecture(), r.variant(), r.clusters())).toList();
            summary.add(new Summary(r.architecture(), r.variant(), r.clusters(), runs.size(),
                    Spread.of(runs.stream().map(Row::clean).toList()), Spread.of(runs.stream().map(Row::cleanTta).toList()),
                    Spread.of(runs.stream().map(Row::occluded).toList())));
        }
        return summary;
    }

    /** Perturbed minus baseline on the seeds' mean scores: clean, TTA (against the clean baseline) and occluded. */
    private static List<Delta> deltas(List<Summary> summary, List<Row> rows) {
        List<Delta> deltas = new ArrayList<>();
        for (Summary s : summary) {
            if (!JobRole.PERTURBED.json().equals(s.variant())) {
                continue;
            }
            Optional<Scores> b = meanScores(rows, s.architecture(), JobRole.BASELINE.json(), null, Row::clean);
            Optional<Scores> bOccluded = meanScores(rows, s.architecture(), JobRole.BASELINE.json(), null, Row::occluded);
            int n = s.clusters();
            Optional<Scores> p = meanScores(rows, s.architecture(), s.variant(), n, Row::clean);
            Optional<Scores> pTta = meanScores(rows, s.architecture(), s.variant(), n, Row::cleanTta);
            Optional<Scores> pOccluded = meanScores(rows, s.architecture(), s.variant(), n, Row::occluded);
            delta(s.architecture(), n, CLEAN, b, p).ifPresent(deltas::add);
            delta(s.architecture(), n, CLEAN_TTA, b, pTta).ifPresent(deltas::add);
            delta(s.architecture(), n, OCCLUDED, bOccluded, pOccluded).ifPresent(deltas::add);
        }
        return deltas;
    }

    private static Optional<Scores> meanScores(List<Row> rows, String architecture, String variant, Integer n,
            Function<Row, Scores> testSet) {
        List<Scores> scores = rows.stream().filter(r -> r.sameCell(architecture, variant, n)).map(testSet).toList();
        return scores.isEmpty() || scores.contains(null) ? Optional.empty() : Optional.of(Scores.mean(scores));
    }

    private static Optional<Delta> delta(String architecture, int n, String testSet, Optional<Scores> baseline,
            Optional<Scores> perturbed) {
        if (baseline.isEmpty() || perturbed.isEmpty()) {
            return Optional.empty();
        }
        Scores b = baseline.get();
        Scores p = perturbed.get();
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (String label : Emotion.labels()) {
            Double bl = b.recall().get(label);
            Double pl = p.recall().get(label);
            perClass.put(label, bl == null || pl == null ? null : pl - bl);
        }
        return Optional.of(new Delta(architecture, n, testSet, p.accuracy() - b.accuracy(),
                p.balancedAccuracy() - b.balancedAccuracy(), p.macroF1() - b.macroF1(), perClass));
    }
}
