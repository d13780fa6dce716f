package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.metrics.Predictions;
import java.nio.charset.StandardCharsets;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.TrainingProgress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    @Test
    void deltasArePerturbedMinusBaselinePerTestSetAndPerClass() {
        Experiment x = experiment();
        x = x.withJob("b", j -> j.with(checkpoint("b", "cnn-d", result("d", null, 0.50, 0.40), List.of(
                result("d-occluded", null, 0.30, 0.20)))));
        x = x.withJob("p", j -> j.with(checkpoint("p", "cnn-d-perturbed-k3", result("d-perturbed-k3", null, 0.55, 0.50),
                List.of(result("d-occluded", null, 0.40, 0.25), result("d-perturbed-k3", true, 0.60, 0.55)))));
        ResultsTable table = ResultsTable.of(x);

        assertEquals(2, table.rows().size());
        assertNull(table.rows().get(0).cleanTta(), "the baseline has no cluster map, so no TTA");
        assertEquals(0.60, table.rows().get(1).cleanTta().accuracy(), 1e-9);
        assertEquals(3, table.deltas().size());
        ResultsTable.Delta clean = table.deltas().get(0);
        assertEquals(ResultsTable.CLEAN, clean.testSet());
        assertEquals(0.05, clean.accuracy(), 1e-9);
        assertEquals(0.10, clean.perClassRecall().get("happy"), 1e-9);
        assertEquals(Emotion.values().length, clean.perClassRecall().size());
        ResultsTable.Delta occluded = table.deltas().get(2);
        assertEquals(ResultsTable.OCCLUDED, occluded.testSet());
        assertEquals(0.10, occluded.accuracy(), 1e-9);
        assertEquals(0.05, occluded.perClassRecall().get("happy"), 1e-9);
    }

    @Test
    void aJobKeepsItsFinalCheckpointAgainstLateProgressAndItsCurveHasOnePointPerEpoch() {
        ExperimentJob job = ExperimentJob.planned("j", "e", JobRole.BASELINE, "cnn", null, 42, "d");
        job = job.with(epochEnd(1, 0.3)).with(epochEnd(2, 0.4)).with(epochEnd(2, 0.45)); // a redelivered epoch
        assertEquals(List.of(1, 2), job.curve().stream().map(ExperimentJob.EpochPoint::epoch).toList());
        assertEquals(0.45, job.curve().get(1).validationAccuracy(), 1e-9);
        job = job.with(checkpoint("j", "cnn-d", result("d", null, 0.5, 0.5), List.of()));
        job = job.with(epochEnd(2, 0.45)); // progress that arrives after the checkpoint
        assertTrue(job.succeeded());
        job = job.with(new TrainingProgress("j", "d", "cnn", TrainingProgress.FAILED, null, 2, null, null, null, null, null,
                null, null, "cnn-d", "cpu", "boom", Instant.now()));
        assertTrue(job.succeeded(), "a final checkpoint is the last word");
    }

    @Test
    void theEnsembleRowSumsTheArchitecturesLogitsPerVariantAndItsPerturbedRowIsComparedWithTheBaselineOne() {
        Experiment x = experiment(List.of("cnn", "resnet18"));
        // 4 faces of classes 0..3; each model's logits are stored under its own URI
        Map<String, Predictions> stored = new LinkedHashMap<>();
        int[] truth = {0, 1, 2, 3};
        stored.put("b-cnn", new Predictions("PrivateTest", truth, new float[][] {
                {2, 0, 0, 0}, {0, 1, 0, 0}, {3, 0, 0, 0}, {0, 0, 0, 1}}));        // right on 0, 1, 3
        stored.put("b-resnet18", new Predictions("PrivateTest", truth, new float[][] {
                {0, 1, 0, 0}, {0, 2, 0, 0}, {0, 0, 4, 0}, {2, 0, 0, 0}}));        // right on 1, 2
        stored.put("p-cnn", new Predictions("PrivateTest", truth, new float[][] {
                {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}));
        stored.put("p-resnet18", new Predictions("PrivateTest", truth, new float[][] {
                {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 2}}));
        for (String job : stored.keySet()) {
            String dataset = job.startsWith("p") ? "d-perturbed-k3" : "d";
            EvaluationResult test = stored.get(job).evaluate(Emotion.labels()).describing(dataset, "original", null)
                    .withPredictionsUri(job);
            x = x.withJob(job, j -> j.with(checkpoint(job, job + "-model", test, List.of())));
        }

        ResultsTable table = ResultsTable.of(x, stored::get);

        List<ResultsTable.Row> ensembles = table.rows().stream()
                .filter(r -> r.architecture().equals(ResultsTable.ENSEMBLE)).toList();
        assertEquals(List.of("baseline", "perturbed"), ensembles.stream().map(ResultsTable.Row::variant).toList());
        // baseline sums: face 0 → {2,1,0,0} right; 1 → {0,3,..} right; 2 → {3,0,4,0} right; 3 → {2,0,0,1} wrong
        assertEquals(0.75, ensembles.get(0).clean().accuracy(), 1e-9);
        assertEquals(1.0, ensembles.get(1).clean().accuracy(), 1e-9);
        assertNull(ensembles.get(0).occluded(), "no member was evaluated on the occluded set");
        ResultsTable.Comparison ensemble = table.comparisons().stream()
                .filter(c -> c.architecture().equals(ResultsTable.ENSEMBLE)).findFirst().orElseThrow();
        assertEquals(0.25, ensemble.difference(), 1e-9);
        assertEquals(1, ensemble.onlyPerturbed());
        assertEquals(0, ensemble.onlyReference());
        assertEquals(1.0, ensemble.mcNemarP(), 1e-9, "one discordant face: 2·P(X ≤ 0), X ~ Bin(1, ½) = 1");
        assertTrue(!ensemble.significant(), "an interval over four faces contains zero");
        assertEquals(3, table.summary().stream().filter(s -> s.variant().equals("baseline")).count(),
                "cnn, resnet18 and the ensemble");
    }

    private static Experiment experiment() {
        return experiment(List.of("cnn"));
    }

    /** One baseline ("b-{architecture}") and one perturbed job ("p-{architecture}") per architecture, seed 42. */
    private static Experiment experiment(List<String> architectures) {
        ExperimentSpec spec = ExperimentSpec.of(Json.read(("{\"datasetId\": \"d\", \"clusters\": 3, \"epochs\": 1, "
                + "\"architectures\": " + Json.write(architectures) + "}").getBytes(StandardCharsets.UTF_8),
                ExperimentRequest.class));
        Instant now = Instant.now();
        List<ExperimentJob> jobs = new java.util.ArrayList<>();
        for (String a : architectures) {
            String suffix = architectures.size() == 1 ? "" : "-" + a;
            jobs.add(ExperimentJob.planned("b" + suffix, "e1", JobRole.BASELINE, a, null, 42, "d"));
            jobs.add(ExperimentJob.planned("p" + suffix, "e2", JobRole.PERTURBED, a, 3, 42, "d-perturbed-k3"));
        }
        return new Experiment("x", spec, ExperimentState.TRAINING_PERTURBED, null, "d-occluded", Map.of(3, "d-perturbed-k3"),
                jobs, null, null, now, now, List.of());
    }

    private static TrainingProgress epochEnd(int epoch, double validation) {
        return new TrainingProgress("j", "d", "cnn", TrainingProgress.RUNNING, epoch, 2, null, null, 1.0, 0.5, validation,
                100.0, 10.0, "cnn-d", "cpu", null, Instant.now());
    }

    private static CheckpointReady checkpoint(String jobId, String modelId, EvaluationResult test,
            List<EvaluationResult> evaluations) {
        return new CheckpointReady("c-" + jobId, modelId, 1, jobId, "cnn", test.datasetId(), "original", "s3://models/"
                + modelId + "/v1/", "djl", Emotion.labels(), List.of(1, 48, 48), 2, true, test, Map.of(), "cpu", "e",
                evaluations, Instant.now());
    }

    /** Every class has recall {@code recall} except happy, which has {@code happy}. */
    private static EvaluationResult result(String datasetId, Boolean tta, double accuracy, double happy) {
        Map<String, EvaluationResult.ClassMetrics> perClass = new LinkedHashMap<>();
        for (String label : Emotion.labels()) {
            double recall = label.equals("happy") ? happy : accuracy;
            perClass.put(label, new EvaluationResult.ClassMetrics(recall, recall, recall, 10));
        }
        return new EvaluationResult(datasetId, "original", "PrivateTest", accuracy, accuracy, accuracy, perClass, null, tta);
    }
}
