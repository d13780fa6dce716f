package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.DatasetCounts;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The experiment state machine with in-memory ports: every state, every event in every state (duplicated,
 * late, unknown), and a restart from the stored state in every state. A restart builds a new machine from
 * what was stored as JSON, as the service does from {@code state.json}.
 */
class ExperimentStateMachineTest {
    private static final String ID = "exp-1";
    private static final String GIVEN_MODEL = "attention-cnn-d";

    private final States states = new States();
    private final Sent sent = new Sent();
    private final Datasets datasets = new Datasets();
    private final Reports reports = new Reports();
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
        return new ExperimentStateMachine(states, sent, datasets, new Models(), reports,
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
        ExperimentRequest expanded = new ExperimentRequest("d", List.of("cnn"), null, List.of(3), 2, null, null, null,
                null, null, null, "spatial-gate", GIVEN_MODEL + ":2", null, null, null, null, null, null, "expanded");
        start(expanded);
        assertEquals(ExperimentState.TRAINING_PERTURBED, current().state());
        assertNull(sent.events.get(0).training().get(0).hyperparameters().perturbedBatching(), "the baseline");
        assertNotNull(sent.events.get(1).perturbation());
        assertEquals("expanded", sent.events.get(1).training().get(0).hyperparameters().perturbedBatching());

        ExperimentRequest unknown = new ExperimentRequest("d", null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, "shuffled");
        assertThrows(InvalidExperimentException.class, () -> ExperimentSpec.of(unknown));
    }

    private static ExperimentRequest request(String attention, String attentionModel, List<Integer> sweep) {
        return new ExperimentRequest("d", List.of("cnn", "resnet18"), null, sweep, 2, null, null, null, null, null, null,
                attention, attentionModel, null, null, null, null, null, null, null);
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
                Map.of(Emotion.labels().get(0), new EvaluationResult.ClassMetrics(0.5, 0.5, 0.5, 10)), null, null);
        return new CheckpointReady("c-" + jobId + "-" + isFinal, modelId, 1, jobId, job.architecture(),
                job.datasetId(), "original", "s3://models/" + modelId + "/v1/", "djl", Emotion.labels(),
                List.of(1, 48, 48), 2, isFinal, test, Map.of(), "cpu", job.eventId(), List.of(), Instant.now());
    }

    /** The service stopping in the middle of a step: no handler catches it. */
    private static final class Crash extends Error {
    }

    /** state.json per experiment, kept as JSON, with every version written. */
    private static final class States implements ExperimentStateMachine.StateStorage {
        final Map<String, byte[]> stored = new LinkedHashMap<>();
        final List<byte[]> saves = new ArrayList<>();

        @Override
        public void save(Experiment experiment) {
            byte[] json = Json.writeBytes(experiment);
            stored.put(experiment.id(), json);
            saves.add(json);
        }

        Experiment read(String id) {
            return Json.read(stored.get(id), Experiment.class);
        }

        /** The distinct states written for {@link #ID}, in order. */
        List<ExperimentState> statesPassed() {
            return saves.stream().map(json -> Json.read(json, Experiment.class)).filter(x -> x.id().equals(ID))
                    .map(Experiment::state).distinct().toList();
        }

        /** As if the service had stopped right after writing the first version that matches. */
        void rollBackTo(Predicate<Experiment> version) {
            Experiment x = saves.stream().map(json -> Json.read(json, Experiment.class))
                    .filter(e -> e.id().equals(ID)).filter(version).findFirst().orElseThrow();
            stored.put(ID, Json.writeBytes(x));
        }
    }

    private static final class Sent implements ExperimentStateMachine.Publisher {
        final List<DatasetReady> events = new ArrayList<>();

        @Override
        public void datasetReady(DatasetReady event) {
            events.add(event);
        }
    }

    private static final class Datasets implements ExperimentStateMachine.Datasets {
        final List<String> attentionModels = new ArrayList<>();
        boolean failOccluded;
        boolean failClustering;
        boolean crashClustering;

        @Override
        public DatasetManifest manifest(String datasetId) {
            return DatasetManifest.describe(datasetId, DatasetCounts.empty(), List.of(), "original", null, Instant.EPOCH);
        }

        @Override
        public String occluded(String datasetId, long seed) {
            if (failOccluded) {
                throw new IllegalStateException("no space left");
            }
            return datasetId + "-occluded";
        }

        @Override
        public Map<Integer, DatasetManifest> perturbed(ExperimentSpec spec, AttentionSource source, long seed) {
            attentionModels.add(source.modelId());
            if (crashClustering) {
                throw new Crash();
            }
            if (failClustering) {
                throw new IllegalStateException("k-means did not converge");
            }
            Map<Integer, DatasetManifest> perturbed = new LinkedHashMap<>();
            for (int n : spec.clusterCounts()) {
                perturbed.put(n, DatasetManifest.describe(spec.datasetId() + "-perturbed-k" + n, DatasetCounts.empty(),
                        List.of(), "perturbed", spec.datasetId(), Instant.EPOCH));
            }
            return perturbed;
        }
    }

    private static final class Models implements ExperimentStateMachine.AttentionModels {
        @Override
        public AttentionSource resolve(String reference) {
            if (!modelId(reference).equals(GIVEN_MODEL)) {
                throw new InvalidExperimentException("no model '" + reference + "'");
            }
            return new AttentionSource(GIVEN_MODEL, S3Uri.parse("s3://models/" + GIVEN_MODEL + "/v2/"));
        }

        @Override
        public String modelId(String reference) {
            int colon = reference.lastIndexOf(':');
            return colon < 0 ? reference : reference.substring(0, colon);
        }
    }

    private static final class Reports implements ExperimentStateMachine.Reports {
        int stored;

        @Override
        public S3Uri store(Experiment ended) {
            stored++;
            return S3Uri.parse("s3://experiments/" + ended.id() + "/report.html");
        }
    }
}
