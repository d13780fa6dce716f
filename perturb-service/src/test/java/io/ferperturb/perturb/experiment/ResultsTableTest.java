package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
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
        ExperimentJob job = ExperimentJob.planned("j", "e", JobRole.BASELINE, "cnn", null, "d");
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

    private static Experiment experiment() {
        ExperimentSpec spec = ExperimentSpec.of(new ExperimentRequest("d", List.of("cnn"), 3, null, 1, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null));
        Instant now = Instant.now();
        return new Experiment("x", spec, ExperimentState.TRAINING_PERTURBED, null, "d-occluded", Map.of(3, "d-perturbed-k3"),
                List.of(ExperimentJob.planned("b", "e1", JobRole.BASELINE, "cnn", null, "d"),
                        ExperimentJob.planned("p", "e2", JobRole.PERTURBED, "cnn", 3, "d-perturbed-k3")),
                null, null, now, now, List.of());
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
