package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.storage.StorageLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.ferperturb.perturb.experiment.InMemoryPorts.Crash;
import io.ferperturb.perturb.experiment.InMemoryPorts.States;
import io.ferperturb.perturb.experiment.InMemoryPorts.Sent;
import io.ferperturb.perturb.experiment.InMemoryPorts.Datasets;
import io.ferperturb.perturb.experiment.InMemoryPorts.Models;
import io.ferperturb.perturb.experiment.InMemoryPorts.Reports;
import io.ferperturb.perturb.experiment.InMemoryPorts.Evaluations;

/**
 * The experiment state machine with in-memory ports: every state, every event in every state (duplicated,
 * late, unknown), and a restart from the stored state in every state. A restart builds a new machine from
 * what was stored as JSON, as the service does from {@code state.json}.
 */
class ExperimentStateMachineTest {
    private static final String ID = InMemoryPorts.ID;
    private static final String GIVEN_MODEL = InMemoryPorts.GIVEN_MODEL;

    private final States states = new States();
    private final Sent sent = new Sent();
    private final Datasets datasets = new Datasets();
    private final Reports reports = new Reports();
    private final Evaluations evaluations = new Evaluations();
    private ExperimentStateMachine machine = newMachine();

    // ------------------------------------------------------------------------------------ the happy paths

    @Test
    void aSpatialGateExperimentTrainsItsAttentionModelThenClustersThenSucceeds() {
        start(request("spatial-gate", null, List.of(2, 3)));
        assertEquals(ExperimentState.TRAINING_ATTENTION, current().state());
        assertEquals("d-occluded", current().occludedDatasetId());
        assertEquals(1, sent.events.size(), "one dataset-ready for the attention model and the baselines");
        assertEquals(List.of(JobRole.ATTENTION, JobRole.BASELINE, JobRole.BASELINE),
                current().jobs().stream().map(ExperimentJob::role).toList());
        assertEquals(sent.events.get(0).eventId(), current().jobs().get(0).eventId());

        succeed(JobRole.BASELINE);
        assertEquals(ExperimentState.TRAINING_ATTENTION, current().state(), "the baselines do not give the attention");
        succeed(JobRole.ATTENTION);
        assertEquals(List.of(ExperimentState.CREATED, ExperimentState.TRAINING_ATTENTION, ExperimentState.CLUSTERING,
                ExperimentState.TRAINING_PERTURBED), states.statesPassed());
        assertEquals("attention-cnn-d", datasets.attentionModels.get(0));
        assertEquals(Map.of(2, "d-perturbed-k2", 3, "d-perturbed-k3"), current().perturbedDatasets());
        assertEquals(3, sent.events.size(), "one dataset-ready per n");
        assertEquals(2, sent.events.get(1).training().size(), "every architecture trains on the perturbed set");
        sent.events.get(1).training().forEach(t -> assertEquals("grouped", t.hyperparameters().perturbedBatching(),
                "perturbed jobs batch each image's copies together by default"));
        sent.events.get(0).training().forEach(t -> assertNull(t.hyperparameters().perturbedBatching()));
        assertEquals(4, current().jobs(JobRole.PERTURBED).size());
        assertEquals("attention-cnn-d", sent.events.get(2).perturbation().attentionModelId());

        succeed(JobRole.PERTURBED);
        Experiment done = stored();
        assertEquals(ExperimentState.SUCCEEDED, done.state());
        assertNull(done.error());
        assertNotNull(done.table());
        assertEquals("s3://experiments/exp-1/report.html", done.reportUri());
        assertEquals(1, reports.stored);
        assertTrue(machine.live(ID).isEmpty());
        assertEventsSentOnce(3);
    }

    @Test
    void aSaliencyExperimentTakesItsAttentionFromTheFirstBaseline() {
        start(request("saliency", null, List.of(3)));
        assertEquals(List.of(JobRole.BASELINE, JobRole.BASELINE),
                current().jobs().stream().map(ExperimentJob::role).toList());
        checkpoint(current().jobs().get(1));
        assertEquals(ExperimentState.TRAINING_ATTENTION, current().state(), "the second baseline gives no attention");
        checkpoint(current().jobs().get(0));
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        assertEquals(List.of("cnn-d"), datasets.attentionModels);
    }

    @Test
    void anExistingAttentionModelTrainsNoneAndClustersAtOnce() {
        start(request("spatial-gate", GIVEN_MODEL + ":2", List.of(3)));
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        assertTrue(current().jobs(JobRole.ATTENTION).isEmpty());
        assertEquals(List.of(GIVEN_MODEL), datasets.attentionModels);
        assertEquals(GIVEN_MODEL, sent.events.get(1).perturbation().attentionModelId());
        succeed(JobRole.BASELINE);
        succeed(JobRole.PERTURBED);
        assertEquals(ExperimentState.SUCCEEDED, stored().state());
    }

    // ------------------------------------------------------------------------------------------ failures

    @Test
    void aFailedAttentionJobFailsTheExperimentAndLaterEventsAreIgnored() {
        start(request("spatial-gate", null, List.of(3)));
        ExperimentJob attention = current().jobs(JobRole.ATTENTION).get(0);
        machine.onProgress(progress(attention.jobId(), TrainingProgress.FAILED, null, null, "out of memory"));
        Experiment failed = stored();
        assertEquals(ExperimentState.FAILED, failed.state());
        assertEquals("the attention model's job failed: out of memory", failed.error());
        assertFalse(machine.tracksJob(attention.jobId()));

        int saves = states.saves.size();
        checkpoint(attention);
        succeed(JobRole.BASELINE);
        assertEquals(saves, states.saves.size(), "an ended experiment takes no more events");
        assertEquals(ExperimentState.FAILED, stored().state());
        assertEquals(0, datasets.attentionModels.size());
    }

    @Test
    void aFailedPerturbedJobEndsTheExperimentFailedWithItsResultsAndReport() {
        start(request("saliency", null, List.of(3)));
        succeed(JobRole.BASELINE);
        List<ExperimentJob> perturbed = current().jobs(JobRole.PERTURBED);
        checkpoint(perturbed.get(0));
        machine.onProgress(progress(perturbed.get(1).jobId(), TrainingProgress.FAILED, null, null, "nan loss"));
        Experiment done = stored();
        assertEquals(ExperimentState.FAILED, done.state());
        assertEquals("jobs failed: perturbed resnet18 (n = 3): nan loss", done.error());
        assertNotNull(done.table());
        assertEquals(1, reports.stored);
    }

    @Test
    void aStepThatThrowsFailsTheExperimentInTheStateItWasIn() {
        datasets.failOccluded = true;
        start(request("spatial-gate", null, List.of(3)));
        assertEquals(ExperimentState.FAILED, stored().state());
        assertEquals("no space left", stored().error());
        assertTrue(sent.events.isEmpty());
    }

    @Test
    void failedClusteringFailsTheExperimentAfterStoringTheClusteringState() {
        datasets.failClustering = true;
        start(request("saliency", null, List.of(3)));
        succeed(JobRole.BASELINE);
        assertEquals(ExperimentState.FAILED, stored().state());
        assertEquals("k-means did not converge", stored().error());
        assertTrue(states.statesPassed().contains(ExperimentState.CLUSTERING));
        assertEquals(1, sent.events.size(), "no perturbed dataset is announced");
    }

    @Test
    void anUnknownAttentionModelFailsTheExperiment() {
        start(request("saliency", "gone", List.of(3)));
        assertEquals(ExperimentState.FAILED, stored().state());
        assertEquals("no model 'gone'", stored().error());
    }

    @Test
    void theStoredStateSpeaksTheContractsWordsAndOlderStatesStillRead() {
        start(request("spatial-gate", null, List.of(3)));
        String json = Json.write(current());
        assertTrue(json.contains("\"state\":\"training-attention\""), json);
        for (ExperimentState state : ExperimentState.values()) {
            assertEquals(state, ExperimentState.of(state.json()));
        }
        assertEquals(List.of("created", "training-attention", "clustering", "training-perturbed", "succeeded", "failed"),
                List.of(ExperimentState.values()).stream().map(ExperimentState::json).toList());
        String older = json.replaceAll(",\"publishedEvents\":\\[[^\\]]*\\]", "");
        assertFalse(older.contains("publishedEvents"), older);
        assertTrue(Json.read(older.getBytes(java.nio.charset.StandardCharsets.UTF_8), Experiment.class)
                .publishedEvents().isEmpty());
    }

    // ----------------------------------------------------------------- duplicate, late and unknown events

    @Test
    void progressIsStoredPerEpochAndJobEndButStepsStayInMemory() {
        start(request("spatial-gate", null, List.of(3)));
        String job = current().jobs().get(1).jobId();
        int saves = states.saves.size();
        machine.onProgress(progress(job, TrainingProgress.RUNNING, 1, 5, null));
        assertEquals(saves, states.saves.size(), "a step's numbers are for live display only");
        assertEquals(ExperimentState.TRAINING_ATTENTION, current().state());
        assertEquals(TrainingProgress.RUNNING, current().job(job).orElseThrow().state());
        machine.onProgress(progress(job, TrainingProgress.RUNNING, 1, null, null));
        assertEquals(saves + 1, states.saves.size(), "an epoch's end is stored");
        assertEquals(1, stored().job(job).orElseThrow().curve().size());
    }

    @Test
    void duplicateEventsInEveryStateChangeNothingMore() {
        start(request("spatial-gate", null, List.of(3)));
        ExperimentJob attention = current().jobs(JobRole.ATTENTION).get(0);
        ExperimentJob baseline = current().jobs(JobRole.BASELINE).get(0);
        machine.onProgress(progress(baseline.jobId(), TrainingProgress.RUNNING, 1, null, null));
        machine.onProgress(progress(baseline.jobId(), TrainingProgress.RUNNING, 1, null, null));
        assertEquals(1, current().job(baseline.jobId()).orElseThrow().curve().size());

        checkpoint(attention);
        checkpoint(attention); // redelivered in training-perturbed
        assertEquals(1, datasets.attentionModels.size(), "clustered once");
        assertEquals(2, sent.events.size());

        succeed(JobRole.BASELINE);
        succeed(JobRole.BASELINE);
        List<ExperimentJob> perturbed = current().jobs(JobRole.PERTURBED);
        checkpoint(perturbed.get(0));
        checkpoint(perturbed.get(0));
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        checkpoint(perturbed.get(1));
        int saves = states.saves.size();
        checkpoint(perturbed.get(1)); // redelivered after the end
        assertEquals(saves, states.saves.size());
        assertEquals(ExperimentState.SUCCEEDED, stored().state());
        assertEquals(1, reports.stored);
        assertEventsSentOnce(2);
    }

    @Test
    void lateUnknownAndNonFinalEventsChangeNoState() {
        start(request("saliency", null, List.of(3)));
        ExperimentJob first = current().jobs().get(0);
        int saves = states.saves.size();
        machine.onCheckpoint(checkpointOf(first, false));
        machine.onProgress(progress("someone-elses-job", TrainingProgress.SUCCEEDED, null, null, null));
        machine.onCheckpoint(checkpointOf(first, "someone-elses-job", true));
        machine.onProgress(progress(null, TrainingProgress.RUNNING, 1, null, null));
        assertEquals(saves, states.saves.size());
        assertEquals(TrainingProgress.QUEUED, current().job(first.jobId()).orElseThrow().state());

        checkpoint(first);
        machine.onProgress(progress(first.jobId(), TrainingProgress.RUNNING, 2, null, null)); // after its checkpoint
        machine.onProgress(progress(first.jobId(), TrainingProgress.FAILED, null, null, "late")); // a retry that lost
        assertTrue(current().job(first.jobId()).orElseThrow().succeeded(), "a final checkpoint is the last word");
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());

        ExperimentJob baseline2 = current().jobs(JobRole.BASELINE).get(1);
        machine.onProgress(progress(baseline2.jobId(), TrainingProgress.FAILED, null, null, "boom"));
        checkpoint(baseline2); // the checkpoint arrives after a failure report: the job succeeded after all
        succeed(JobRole.PERTURBED);
        assertEquals(ExperimentState.SUCCEEDED, stored().state());
    }

    // ----------------------------------------------------------------------------- a restart in every state

    @Test
    void aRestartInCreatedStartsTheExperiment() {
        Experiment created = Experiment.created(ID, ExperimentSpec.of(request("spatial-gate", null, List.of(3))),
                Instant.now());
        states.save(created); // the service stopped before its driver took the experiment on
        restart();
        assertEquals(ExperimentState.TRAINING_ATTENTION, current().state());
        finishEverything();
        assertEventsSentOnce(2);
    }

    @Test
    void aRestartInTrainingAttentionSendsNothingAgainAndContinues() {
        start(request("spatial-gate", null, List.of(3)));
        restart();
        assertEquals(1, sent.events.size());
        assertEquals(ExperimentState.TRAINING_ATTENTION, current().state());
        finishEverything();
        assertEventsSentOnce(2);
    }

    @Test
    void aRestartBetweenStoringATransitionAndSendingItsEventSendsItOnce() {
        start(request("spatial-gate", null, List.of(3)));
        sent.events.clear(); // the event never went out...
        states.rollBackTo(x -> x.state() == ExperimentState.TRAINING_ATTENTION); // ...nor was it recorded as sent
        restart();
        assertEquals(1, sent.events.size());
        restart();
        assertEquals(1, sent.events.size(), "recorded as sent the first time");
        finishEverything();
        assertEventsSentOnce(2);
    }

    @Test
    void aRestartInTrainingAttentionAfterSomeJobsStartedSendsNothingAgain() {
        start(request("spatial-gate", null, List.of(3)));
        machine.onProgress(progress(current().jobs().get(0).jobId(), TrainingProgress.RUNNING, 1, null, null));
        Experiment x = stored(); // as stored before sent events were recorded: none recorded
        states.save(new Experiment(x.id(), x.spec(), x.state(), x.error(), x.occludedDatasetId(), x.perturbedDatasets(),
                x.jobs(), x.table(), x.reportUri(), x.createdAt(), x.updatedAt(), null));
        restart();
        assertEquals(1, sent.events.size(), "a job of the event has started: the event went out");
    }

    @Test
    void aRestartInClusteringClustersAgainAndSendsThePerturbedDatasetsOnce() {
        start(request("spatial-gate", null, List.of(2, 3)));
        datasets.crashClustering = true;
        try {
            succeed(JobRole.ATTENTION);
        } catch (Crash expected) {
            // the service stops in the middle of clustering
        }
        assertEquals(ExperimentState.CLUSTERING, stored().state());
        datasets.crashClustering = false;
        restart();
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        assertEquals(2, datasets.attentionModels.size(), "the attention is mapped again");
        finishEverything();
        assertEventsSentOnce(3);
    }

    @Test
    void aRestartInTrainingPerturbedSendsNothingAgainAndContinues() {
        start(request("saliency", null, List.of(3)));
        succeed(JobRole.BASELINE);
        checkpoint(current().jobs(JobRole.PERTURBED).get(0));
        restart();
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        assertTrue(current().jobs(JobRole.PERTURBED).get(0).succeeded(), "what was stored is kept");
        succeed(JobRole.PERTURBED);
        assertEquals(ExperimentState.SUCCEEDED, stored().state());
        assertEventsSentOnce(2);
    }

    @Test
    void aRestartAfterTheLastJobEndedButBeforeTheEndFinishesAtOnce() {
        start(request("saliency", null, List.of(3)));
        succeed(JobRole.BASELINE);
        succeed(JobRole.PERTURBED);
        states.rollBackTo(x -> x.state() == ExperimentState.TRAINING_PERTURBED
                && x.jobs().stream().allMatch(ExperimentJob::ended));
        reports.stored = 0;
        restart();
        assertEquals(ExperimentState.SUCCEEDED, stored().state());
        assertEquals(1, reports.stored);
        assertEventsSentOnce(2);
    }

    @Test
    void aRestartInSucceededOrFailedDoesNothing() {
        start(request("saliency", null, List.of(3)));
        succeed(JobRole.BASELINE);
        succeed(JobRole.PERTURBED);
        Experiment succeeded = stored();
        Experiment failed = Experiment.created("exp-2", succeeded.spec(), Instant.now())
                .withState(ExperimentState.FAILED, "boom");
        states.save(failed);
        int saves = states.saves.size();
        restart();
        assertEquals(saves, states.saves.size());
        assertEquals(2, sent.events.size());
        assertTrue(machine.live(ID).isEmpty() && machine.live("exp-2").isEmpty());
        succeed(JobRole.PERTURBED);
        assertEquals(saves, states.saves.size(), "an ended experiment's jobs are not tracked");
    }

    // -------------------------------------------------------------------------------------------- helpers

    private ExperimentStateMachine newMachine() {
        return new ExperimentStateMachine(states, sent, datasets, new Models(), reports, evaluations,
                new StorageLayout("datasets", "models", "experiments"));
    }

    private void start(ExperimentRequest request) {
        Experiment created = Experiment.created(ID, ExperimentSpec.of(request), Instant.now());
        states.save(created);
        machine.start(created);
    }

    /** A new machine, as after a service restart: it knows only what was stored. */
    private void restart() {
        machine = newMachine();
        states.stored.keySet().stream().map(states::read).forEach(machine::resume);
    }

    private Experiment current() {
        return machine.live(ID).orElseThrow();
    }

    private Experiment stored() {
        return states.read(ID);
    }

    /** Every job of {@code role} ends with a final checkpoint. */
    private void succeed(JobRole role) {
        Experiment x = machine.live(ID).orElse(stored());
        x.jobs(role).forEach(this::checkpoint);
    }

    private void finishEverything() {
        succeed(JobRole.ATTENTION);
        succeed(JobRole.BASELINE);
        succeed(JobRole.PERTURBED);
        assertEquals(ExperimentState.SUCCEEDED, stored().state());
    }

    private void checkpoint(ExperimentJob job) {
        machine.onCheckpoint(checkpointOf(job, true));
    }

    /** Each event id went out exactly once, over every machine of the test. */
    private void assertEventsSentOnce(int events) {
        List<String> ids = sent.events.stream().map(DatasetReady::eventId).toList();
        assertEquals(events, ids.size(), "events sent: " + ids);
        assertEquals(events, ids.stream().distinct().count(), "an event went out twice: " + ids);
    }

    @Test
    void expandedBatchingIsPassedToThePerturbedJobsAndAnUnknownOneIsRefused() {
        start(json("""
                {"datasetId": "d", "architectures": ["cnn"], "sweep": [3], "epochs": 2, "attention": "spatial-gate",
                 "attentionModel": "%s:2", "perturbedBatching": "expanded"}""".formatted(GIVEN_MODEL)));
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        assertNull(sent.events.get(0).training().get(0).hyperparameters().perturbedBatching(), "the baseline");
        assertNotNull(sent.events.get(1).perturbation());
        assertEquals("expanded", sent.events.get(1).training().get(0).hyperparameters().perturbedBatching());

        assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpec.of(json("{\"datasetId\": \"d\", \"perturbedBatching\": \"shuffled\"}")));
    }

    @Test
    void seedsAndControlsPlanTheirJobsWithModelsOfTheirOwnAndFillTheirRows() {
        start(json("""
                {"datasetId": "d", "architectures": ["cnn"], "clusters": 3, "epochs": 2, "seeds": [1, 2],
                 "controls": ["more-steps", "baseline-tta"], "attentionModel": "%s:2", "crop": 40,
                 "classWeights": "balanced"}""".formatted(GIVEN_MODEL)));
        DatasetReady original = sent.events.get(0);
        assertEquals(List.of(JobRole.BASELINE, JobRole.BASELINE, JobRole.MORE_STEPS, JobRole.MORE_STEPS),
                current().jobs().stream().filter(j -> j.eventId().equals(original.eventId())).map(ExperimentJob::role).toList());
        assertEquals(List.of("cnn-d-seed1", "cnn-d-seed2", "cnn-d-more-steps-k3-seed1", "cnn-d-more-steps-k3-seed2"),
                original.training().stream().map(t -> t.modelId()).toList());
        assertEquals(List.of(2, 2, 8, 8), original.training().stream().map(t -> t.hyperparameters().epochs()).toList(),
                "the more-steps control: epochs × (n + 1) copies, the expanded perturbed run's steps and images");
        assertEquals(List.of(1L, 2L, 1L, 2L), original.training().stream().map(t -> t.hyperparameters().seed()).toList());
        original.training().forEach(t -> {
            assertEquals(40, t.hyperparameters().crop(), "the crop goes to every job");
            assertEquals("balanced", t.hyperparameters().classWeights());
        });
        DatasetReady perturbed = sent.events.get(1);
        assertEquals(List.of("cnn-d-perturbed-k3-seed1", "cnn-d-perturbed-k3-seed2"),
                perturbed.training().stream().map(t -> t.modelId()).toList());

        succeed(JobRole.BASELINE);
        assertEquals(2, evaluations.withTta.size(), "each baseline evaluated with the masked copies of n = 3, once");
        assertTrue(evaluations.withTta.stream().allMatch(c -> c.endsWith("s3://datasets/d-perturbed-k3/clusters.json")),
                evaluations.withTta.toString());
        succeed(JobRole.MORE_STEPS);
        succeed(JobRole.PERTURBED);
        Experiment done = stored();
        assertEquals(ExperimentState.SUCCEEDED, done.state(), done.error());
        assertEquals(2, evaluations.withTta.size());

        ResultsTable table = done.table();
        assertEquals(List.of("baseline", "perturbed", "more-steps", "baseline-tta", "baseline", "perturbed", "more-steps",
                "baseline-tta"), table.rows().stream().map(ResultsTable.Row::variant).toList());
        assertEquals(List.of(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L), table.rows().stream().map(ResultsTable.Row::seed).toList());
        assertNotNull(table.rows().get(3).cleanTta(), "the baseline-tta row holds the baseline's TTA evaluation");
        assertEquals(4, table.summary().size());
        table.summary().forEach(row -> assertEquals(2, row.seeds(), row.toString()));
        // baselines and controls get 20 of 40 test faces right, perturbed models 36 (Evaluations below)
        assertEquals(4, table.comparisons().size(), "per seed: against the baseline and the more-steps control, clean");
        for (ResultsTable.Comparison c : table.comparisons()) {
            assertEquals(ResultsTable.CLEAN, c.testSet());
            assertEquals(0.4, c.difference(), 1e-9);
            assertEquals(16, c.onlyPerturbed());
            assertEquals(0, c.onlyReference());
            assertTrue(c.significant() && c.low() > 0, c.toString());
        }
        assertEquals(List.of("baseline", "more-steps", "baseline", "more-steps"),
                table.comparisons().stream().map(ResultsTable.Comparison::against).toList());
    }

    @Test
    void thePaperProtocolFillsWhatARequestLeavesOutAndKeepsWhatItSets() {
        ExperimentSpec spec = ExperimentSpec.of(json("""
                {"datasetId": "d", "protocol": "paper", "epochs": 3, "architectures": ["cnn"]}"""));
        assertEquals(List.of("cnn"), spec.architectures());
        assertEquals(3, spec.epochs());
        assertEquals(40, spec.crop());
        assertEquals(3, spec.clusters());
        assertEquals(0.01, spec.learningRate());
        assertEquals(16, spec.batchSize());
        assertEquals("attention-vgg16", spec.attentionArchitecture());
        assertEquals("sum", spec.thresholdScale());
        assertEquals(ExperimentSpec.CONTROLS, spec.controls());
        ExperimentSpec paper = ExperimentSpec.of(json("{\"datasetId\": \"d\", \"protocol\": \"paper\"}"));
        assertEquals(PaperProtocol.ARCHITECTURES, paper.architectures());
        assertEquals(200, paper.epochs());
        assertThrows(InvalidExperimentException.class,
                () -> ExperimentSpec.of(json("{\"datasetId\": \"d\", \"protocol\": \"cvpr\"}")));
        assertThrows(InvalidExperimentException.class, () -> ExperimentSpec.of(json(
                "{\"datasetId\": \"d\", \"controls\": [\"more-steps\"]}")), "more-steps needs epochs to multiply");
        assertThrows(InvalidExperimentException.class, () -> ExperimentSpec.of(json(
                "{\"datasetId\": \"d\", \"attentionArchitecture\": \"vgg19\"}")));
        assertEquals("mean", ExperimentSpec.of(json("{\"datasetId\": \"d\", \"thresholdScale\": \"mean\"}"))
                .thresholdScale());
    }

    private static ExperimentRequest json(String body) {
        return Json.read(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), ExperimentRequest.class);
    }

    private static ExperimentRequest request(String attention, String attentionModel, List<Integer> sweep) {
        return json("""
                {"datasetId": "d", "architectures": ["cnn", "resnet18"], "sweep": %s, "epochs": 2, "attention": "%s",
                 "attentionModel": %s}""".formatted(sweep, attention,
                attentionModel == null ? "null" : "\"" + attentionModel + "\""));
    }

    private static TrainingProgress progress(String jobId, String state, Integer epoch, Integer step, String error) {
        return new TrainingProgress(jobId, "d", "cnn", state, epoch, 2, step, step == null ? null : 10, 1.0, 0.5, 0.4,
                100.0, 10.0, "cnn-d", "cpu", error, Instant.now());
    }

    private static CheckpointReady checkpointOf(ExperimentJob job, boolean isFinal) {
        return checkpointOf(job, job.jobId(), isFinal);
    }

    private static CheckpointReady checkpointOf(ExperimentJob job, String jobId, boolean isFinal) {
        String modelId = job.architecture() + "-" + job.datasetId();
        EvaluationResult test = new EvaluationResult(job.datasetId(), "original", "PrivateTest", 0.5, 0.5, 0.5,
                Map.of(Emotion.labels().get(0), new EvaluationResult.ClassMetrics(0.5, 0.5, 0.5, 10)), null, null,
                "s3://models/" + jobId + "/predictions/" + job.datasetId() + ".json");
        return new CheckpointReady("c-" + jobId + "-" + isFinal, modelId, 1, jobId, job.architecture(),
                job.datasetId(), "original", "s3://models/" + modelId + "/v1/", "djl", Emotion.labels(),
                List.of(1, 48, 48), 2, isFinal, test, Map.of(), "cpu", job.eventId(), List.of(), Instant.now());
    }
}
