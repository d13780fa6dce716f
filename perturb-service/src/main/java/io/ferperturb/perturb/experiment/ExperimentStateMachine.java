package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetFormat;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.Perturbation;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.domain.event.TrainingSpec;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.perturb.service.DerivedDatasets;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The experiment state machine: {@code created → training-attention → clustering → training-perturbed →
 * succeeded | failed}, moved on only by events. Each transition is saved before its dataset-ready events
 * are published, and the sent ones are recorded after, so a machine rebuilt from the stored states
 * ({@link #resume}) sends only what may never have gone out. Event ids (and so job ids) derive from the
 * experiment id: a repeated step names the same jobs. Handlers are idempotent; duplicate, late or
 * unknown events change nothing more.
 *
 * <p>Not thread-safe for changes: one thread calls {@link #start}, {@link #resume} and the handlers;
 * {@link #live} and {@link #tracksJob} may be read from any thread.
 */
public final class ExperimentStateMachine {
    static final long DEFAULT_SEED = 42;

    /** Where every transition is written ({@code experiments/{id}/state.json}). */
    public interface StateStorage {
        void save(Experiment experiment);
    }

    /** The outgoing dataset-ready events; returns once the broker has them. */
    public interface Publisher {
        void datasetReady(DatasetReady event);
    }

    /** The datasets an experiment reads and derives. */
    public interface Datasets {
        DatasetManifest manifest(String datasetId);

        /** Writes (or finds) the occluded test set of {@code datasetId}; returns its id. */
        String occluded(String datasetId, long seed);

        /** Attention from {@code source} → clusters for each n → one stored perturbed dataset per n, in order of n. */
        Map<Integer, DatasetManifest> perturbed(ExperimentSpec spec, AttentionSource source, long seed);
    }

    /** Existing models named by an experiment's {@code attentionModel}. */
    public interface AttentionModels {
        /** The model and final checkpoint a reference names; {@link InvalidExperimentException} when there is none. */
        AttentionSource resolve(String reference);

        /** The model id a reference names, without looking it up. */
        String modelId(String reference);
    }

    /** Evaluations the experiment makes itself, and the per-image predictions of every evaluation. */
    public interface Evaluations {
        /**
         * The final checkpoint of {@code job} evaluated on the PrivateTest of {@code datasetId} with the masked
         * copies of {@code clusterMap} (the perturbed models' test-time augmentation); its per-image predictions
         * are stored and named by the result.
         */
        EvaluationResult withTestTimeAugmentation(String experimentId, ExperimentJob job, String datasetId,
                S3Uri clusterMap);

        /** Stored per-image predictions ({@link EvaluationResult#predictionsUri()}). */
        Predictions predictions(String uri);
    }

    /** The figures and report of an ended experiment. */
    public interface Reports {
        /** Stores them; returns the report's URI. */
        S3Uri store(Experiment ended);
    }

    private final StateStorage states;
    private final Publisher events;
    private final Datasets datasets;
    private final AttentionModels models;
    private final Reports reports;
    private final Evaluations evaluations;
    private final StorageLayout layout;
    /** Unfinished experiments, by id. */
    private final Map<String, Experiment> live = new ConcurrentHashMap<>();
    /** Job id → experiment id, for the trainer's events. */
    private final Map<String, String> jobs = new ConcurrentHashMap<>();

    public ExperimentStateMachine(StateStorage states, Publisher events, Datasets datasets, AttentionModels models,
            Reports reports, Evaluations evaluations, StorageLayout layout) {
        this.states = states;
        this.events = events;
        this.datasets = datasets;
        this.models = models;
        this.reports = reports;
        this.evaluations = evaluations;
        this.layout = layout;
    }

    /** Takes on a new experiment (already stored in state {@code created}) and moves it on. */
    public void start(Experiment created) {
        track(created);
        advance(created.id());
    }

    /** After a restart: takes on a stored experiment, sends what may never have gone out and moves it on. */
    public void resume(Experiment stored) {
        if (stored.ended()) {
            return;
        }
        Log.infof("experiment %s: resuming in state %s", stored.id(), stored.state());
        track(stored);
        try {
            republishPending(stored);
        } catch (RuntimeException e) {
            failOn(stored.id(), e);
            return;
        }
        advance(stored.id());
    }

    /** An unfinished experiment as it is now. */
    public Optional<Experiment> live(String id) {
        return Optional.ofNullable(live.get(id));
    }

    /** Whether {@code jobId} is a job of an unfinished experiment. */
    public boolean tracksJob(String jobId) {
        return jobId != null && jobs.containsKey(jobId);
    }

    /** Whether this progress must be stored (an epoch's end, a job's end); the others are for live display only. */
    public static boolean isDurable(TrainingProgress p) {
        return ExperimentJob.endsEpoch(p) || !TrainingProgress.RUNNING.equals(p.state());
    }

    /** A training-progress event: progress of one of our jobs. */
    public void onProgress(TrainingProgress p) {
        changeJob(p.jobId(), job -> job.with(p), isDurable(p));
    }

    /** A checkpoint-ready event: a final checkpoint ends one of our jobs; the others change nothing. */
    public void onCheckpoint(CheckpointReady c) {
        if (c.isFinal()) {
            changeJob(c.jobId(), job -> job.with(c), true);
        }
    }

    private void changeJob(String jobId, UnaryOperator<ExperimentJob> change, boolean durable) {
        String id = jobId == null ? null : jobs.get(jobId);
        Experiment x = id == null ? null : live.get(id);
        if (x == null) {
            return; // not ours, or the experiment has ended
        }
        x = x.withJob(jobId, change);
        live.put(id, x);
        if (durable) {
            states.save(x);
            advance(id);
        }
    }

    // ------------------------------------------------------------------------------------ transitions

    /** Moves an experiment on as far as it can go now. */
    private void advance(String id) {
        ExperimentState before;
        do {
            Experiment x = live.get(id);
            if (x == null || x.ended()) {
                return;
            }
            before = x.state();
            try {
                step(x);
            } catch (RuntimeException e) {
                failOn(id, e);
                return;
            }
        } while (live.containsKey(id) && live.get(id).state() != before);
    }

    /** One transition, if the experiment's jobs allow it. */
    private void step(Experiment x) {
        switch (x.state()) {
            case CREATED -> startBaselines(x);
            case TRAINING_ATTENTION, CLUSTERING -> {
                if (x.spec().attentionModel() != null) {
                    cluster(x, models.resolve(x.spec().attentionModel()));
                    return;
                }
                ExperimentJob source = x.attentionJob().orElseThrow();
                if (source.failed()) {
                    fail(x, "the attention model's job failed: " + source.error());
                } else if (source.succeeded()) {
                    cluster(x, new AttentionSource(source.modelId(), S3Uri.parse(source.checkpointUri())));
                }
            }
            case TRAINING_PERTURBED -> {
                if (x.spec().hasControl(ExperimentSpec.BASELINE_TTA)) {
                    x = evaluateBaselinesWithTta(x);
                }
                if (x.jobs().stream().allMatch(ExperimentJob::ended)) {
                    finish(x);
                }
            }
            default -> throw new IllegalStateException("no transition from state " + x.state());
        }
    }

    /**
     * The occluded test set, then in one dataset-ready event the attention model, the baselines (per seed) and
     * the {@code more-steps} controls (per n and seed), which all train on the original dataset.
     */
    private void startBaselines(Experiment x) {
        ExperimentSpec spec = x.spec();
        String occluded = datasets.occluded(spec.datasetId(), spec.firstSeed());
        List<ExperimentJob> plan = new ArrayList<>();
        if (ExperimentSpec.SPATIAL_GATE.equals(spec.attention()) && spec.attentionModel() == null) {
            plan.add(plannedJob(JobRole.ATTENTION, spec.attentionArchitecture(), null, spec.firstSeed(), spec.datasetId()));
        }
        for (long seed : spec.seeds()) {
            spec.architectures().forEach(a -> plan.add(plannedJob(JobRole.BASELINE, a, null, seed, spec.datasetId())));
        }
        if (spec.hasControl(ExperimentSpec.MORE_STEPS)) {
            for (int n : spec.clusterCounts()) {
                for (long seed : spec.seeds()) {
                    spec.architectures().forEach(a -> plan.add(plannedJob(JobRole.MORE_STEPS, a, n, seed, spec.datasetId())));
                }
            }
        }
        List<TrainingSpec> training = plan.stream().map(j -> training(x.id(), spec, j, occluded)).toList();
        DatasetManifest manifest = datasets.manifest(spec.datasetId());
        DatasetReady event = datasetReady(eventId(x, "baseline"), manifest, null, training);
        List<ExperimentJob> planned = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            ExperimentJob j = plan.get(i);
            planned.add(ExperimentJob.planned(event.jobId(i), event.eventId(), j.role(), j.architecture(), j.clusters(),
                    j.seed(), j.datasetId()));
        }
        Experiment next = x.withDatasets(occluded, Map.of()).withJobsAdded(planned)
                .withState(ExperimentState.TRAINING_ATTENTION, null);
        save(next);
        publish(next, List.of(event));
    }

    /** Attention → clusters for every n → perturbed datasets → their training jobs. */
    private void cluster(Experiment x, AttentionSource source) {
        ExperimentSpec spec = x.spec();
        x = x.withState(ExperimentState.CLUSTERING, null);
        save(x);
        Map<Integer, DatasetManifest> manifests = datasets.perturbed(spec, source, spec.firstSeed());

        String occluded = x.occludedDatasetId();
        Map<Integer, String> perturbed = new LinkedHashMap<>();
        List<ExperimentJob> planned = new ArrayList<>();
        List<DatasetReady> toPublish = new ArrayList<>();
        for (Map.Entry<Integer, DatasetManifest> entry : manifests.entrySet()) {
            int n = entry.getKey();
            DatasetManifest manifest = entry.getValue();
            perturbed.put(n, manifest.datasetId());
            List<ExperimentJob> plan = new ArrayList<>();
            for (long seed : spec.seeds()) {
                spec.architectures().forEach(a -> plan.add(plannedJob(JobRole.PERTURBED, a, n, seed, manifest.datasetId())));
            }
            String experimentId = x.id();
            List<TrainingSpec> training = plan.stream().map(j -> training(experimentId, spec, j, occluded)).toList();
            Perturbation perturbation = perturbation(spec, n, manifest.datasetId(), source.modelId());
            DatasetReady event = datasetReady(eventId(x, "perturbed-k" + n), manifest, perturbation, training);
            for (int i = 0; i < plan.size(); i++) {
                ExperimentJob j = plan.get(i);
                planned.add(ExperimentJob.planned(event.jobId(i), event.eventId(), JobRole.PERTURBED, j.architecture(), n,
                        j.seed(), manifest.datasetId()));
            }
            toPublish.add(event);
        }
        Experiment next = x.withDatasets(occluded, perturbed).withJobsAdded(planned)
                .withState(ExperimentState.TRAINING_PERTURBED, null);
        save(next);
        publish(next, toPublish);
    }

    /**
     * The {@code baseline-tta} control: every succeeded baseline evaluated with the masked copies of each n's
     * cluster map, once; stored as one more evaluation of the baseline job.
     */
    private Experiment evaluateBaselinesWithTta(Experiment x) {
        for (ExperimentJob baseline : x.jobs(JobRole.BASELINE)) {
            if (!baseline.succeeded()) {
                continue;
            }
            for (Map.Entry<Integer, String> perturbed : x.perturbedDatasets().entrySet()) {
                String datasetId = perturbed.getValue();
                boolean done = baseline.evaluations().stream()
                        .anyMatch(e -> Boolean.TRUE.equals(e.tta()) && datasetId.equals(e.datasetId()));
                if (done) {
                    continue;
                }
                S3Uri clusterMap = layout.dataset(datasetId).resolve(DerivedDatasets.CLUSTER_MAP);
                Log.infof("experiment %s: evaluating baseline %s with the test-time augmentation of n = %d", x.id(),
                        baseline.modelId(), perturbed.getKey());
                EvaluationResult tta = evaluations.withTestTimeAugmentation(x.id(), baseline, x.spec().datasetId(),
                        clusterMap);
                EvaluationResult labelled = tta.describing(datasetId, "perturbed", true); // the test set of that dataset, masked
                x = x.withJob(baseline.jobId(), j -> j.withEvaluation(labelled));
                baseline = x.job(baseline.jobId()).orElseThrow();
                save(x);
            }
        }
        return x;
    }

    private void finish(Experiment x) {
        ResultsTable table = ResultsTable.of(x, evaluations::predictions);
        List<String> failed = x.jobs().stream().filter(ExperimentJob::failed)
                .map(j -> j.role() + " " + j.architecture() + (j.clusters() == null ? "" : " (n = " + j.clusters() + ")")
                        + ": " + j.error())
                .toList();
        Experiment done = x.withResults(table, null)
                .withState(failed.isEmpty() ? ExperimentState.SUCCEEDED : ExperimentState.FAILED,
                        failed.isEmpty() ? null : "jobs failed: " + String.join("; ", failed));
        S3Uri report = reports.store(done);
        done = done.withResults(table, report.toString());
        save(done);
        untrack(done);
        Log.infof("experiment %s %s; report %s", done.id(), done.state(), report);
    }

    private void failOn(String id, RuntimeException e) {
        Experiment x = live.get(id);
        Log.errorf(e, "experiment %s failed in state %s", id, x.state());
        fail(x, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private void fail(Experiment x, String reason) {
        Experiment failed = x.withResults(ResultsTable.of(x), x.reportUri()).withState(ExperimentState.FAILED, reason);
        save(failed);
        untrack(failed);
    }

    /** Sends the events of a saved transition, then records them as sent. */
    private void publish(Experiment saved, List<DatasetReady> toPublish) {
        toPublish.forEach(events::datasetReady);
        save(saved.withPublished(toPublish.stream().map(DatasetReady::eventId).toList()));
    }

    /**
     * After a restart: an event not recorded as sent, that no job of ours has heard of yet, may never have
     * gone out. A state stored before sent events were recorded has none recorded: its events whose jobs
     * are all still queued go out again, which the trainer takes as the same jobs.
     */
    private void republishPending(Experiment x) {
        if (x.state() == ExperimentState.CREATED || x.state() == ExperimentState.CLUSTERING) {
            return; // those steps publish when they are repeated
        }
        Map<String, List<ExperimentJob>> byEvent = new LinkedHashMap<>();
        x.jobs().forEach(j -> byEvent.computeIfAbsent(j.eventId(), e -> new ArrayList<>()).add(j));
        List<DatasetReady> pending = new ArrayList<>();
        byEvent.forEach((eventId, eventJobs) -> {
            if (!x.publishedEvents().contains(eventId)
                    && eventJobs.stream().allMatch(j -> TrainingProgress.QUEUED.equals(j.state()))) {
                Log.infof("experiment %s: sending dataset-ready %s again (no job of it has started)", x.id(), eventId);
                pending.add(repeatedEvent(x, eventId, eventJobs));
            }
        });
        if (!pending.isEmpty()) {
            publish(x, pending);
        }
    }

    private DatasetReady repeatedEvent(Experiment x, String eventId, List<ExperimentJob> eventJobs) {
        ExperimentSpec spec = x.spec();
        ExperimentJob first = eventJobs.get(0);
        DatasetManifest manifest = datasets.manifest(first.datasetId());
        List<TrainingSpec> training = eventJobs.stream()
                .map(j -> training(x.id(), spec, j, x.occludedDatasetId())).toList();
        String attentionModelId = spec.attentionModel() != null ? models.modelId(spec.attentionModel())
                : x.attentionJob().map(ExperimentJob::modelId).orElse(null);
        Perturbation perturbation = first.clusters() == null ? null
                : perturbation(spec, first.clusters(), first.datasetId(), attentionModelId);
        return datasetReady(eventId, manifest, perturbation, training);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static ExperimentJob plannedJob(JobRole role, String architecture, Integer n, long seed, String datasetId) {
        return ExperimentJob.planned(null, null, role, architecture, n, seed, datasetId);
    }

    /**
     * The training entry of one job: the attention model trains as asked and is not evaluated on occlusion; a
     * {@code more-steps} control trains its perturbed run's epochs × copies; every job has a model id of its own.
     */
    private static TrainingSpec training(String experimentId, ExperimentSpec spec, ExperimentJob job, String occluded) {
        String architecture = job.architecture();
        long seed = job.seedOr(spec.firstSeed());
        String modelId = modelId(spec, job, seed);
        return switch (job.role()) {
            case ATTENTION -> spec.training(architecture, spec.attentionEpochs(), seed, null, experimentId, modelId);
            case MORE_STEPS -> spec.training(architecture, spec.moreStepsEpochs(architecture, job.clusters()), seed,
                    List.of(occluded), experimentId, modelId);
            case BASELINE -> spec.training(architecture, spec.epochsOf(architecture), seed, List.of(occluded),
                    experimentId, modelId);
            case PERTURBED -> spec.perturbedTraining(architecture, spec.epochsOf(architecture), seed, List.of(occluded),
                    experimentId, modelId);
        };
    }

    /**
     * {@code {architecture}-{datasetId}} as the trainer names a model, with {@code -more-steps-k{n}} for a control
     * and {@code -seed{s}} when the experiment has several seeds, so no two jobs write versions of one model.
     */
    static String modelId(ExperimentSpec spec, ExperimentJob job, long seed) {
        String id = job.architecture() + "-" + job.datasetId();
        if (job.role() == JobRole.MORE_STEPS) {
            id += "-more-steps-k" + job.clusters();
        }
        if (spec.seeds().size() > 1 && job.role() != JobRole.ATTENTION) {
            id += "-seed" + seed;
        }
        return id;
    }

    /** How the perturbed dataset {@code datasetId} (its cluster map stored with it) was made. */
    private Perturbation perturbation(ExperimentSpec spec, int clusters, String datasetId, String attentionModelId) {
        return new Perturbation("cluster-mask", clusters, spec.attention(), spec.alpha(), spec.beta(), spec.threshold(),
                spec.fill(), layout.dataset(datasetId).resolve(DerivedDatasets.CLUSTER_MAP).toString(), attentionModelId,
                spec.keepOriginal());
    }

    private DatasetReady datasetReady(String eventId, DatasetManifest m, Perturbation perturbation,
            List<TrainingSpec> training) {
        return DatasetReady.of(eventId, m, layout.dataset(m.datasetId()).toString(), perturbation, training);
    }

    private static String eventId(Experiment x, String step) {
        return UUID.nameUUIDFromBytes((x.id() + "/" + step).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void save(Experiment x) {
        states.save(x);
        track(x);
    }

    private void track(Experiment x) {
        live.put(x.id(), x);
        x.jobs().forEach(j -> jobs.put(j.jobId(), x.id()));
    }

    private void untrack(Experiment x) {
        live.remove(x.id());
        x.jobs().forEach(j -> jobs.remove(j.jobId()));
    }
}
