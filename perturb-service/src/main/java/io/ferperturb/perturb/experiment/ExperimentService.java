package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Perturbation;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.domain.event.TrainingSpec;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.ModelCard;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.perturb.perturbation.AttentionAggregator;
import io.ferperturb.perturb.report.ExperimentReports;
import io.ferperturb.perturb.report.SaliencyFigure;
import io.ferperturb.perturb.service.AttentionMapper;
import io.ferperturb.perturb.service.ClusterAnalysis;
import io.ferperturb.perturb.service.DatasetService;
import io.ferperturb.perturb.service.DerivedDatasets;
import io.ferperturb.perturb.service.EventPublisher;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs experiments: {@code created → training-attention → clustering → training-perturbed → succeeded |
 * failed}. Every change goes through one driver thread and is written to {@code state.json} before its
 * side effects are published; the trainer's events move the state on. Event ids (and so job ids) derive
 * from the experiment id, so a step repeated after a restart names the same jobs and the trainer skips the
 * ended ones: a restarted service re-reads the unfinished experiments and loses nothing.
 */
@ApplicationScoped
public class ExperimentService {
    private static final long DEFAULT_SEED = 42;

    private final ExperimentStore experiments;
    private final DatasetService datasets;
    private final DerivedDatasets derived;
    private final AttentionMapper attention;
    private final ClusterAnalysis clusters;
    private final EventPublisher events;
    private final StorageLayout layout;
    private final ExperimentReports reports;
    private final SaliencyFigure saliency;
    private final CheckpointStore checkpoints;
    private final ObjectStore store;
    /** Unfinished experiments, by id; the driver thread alone replaces entries. */
    private final Map<String, Experiment> live = new ConcurrentHashMap<>();
    /** Job id → experiment id, for the trainer's events. */
    private final Map<String, String> jobs = new ConcurrentHashMap<>();
    private final ExecutorService driver = Executors.newSingleThreadExecutor(r -> new Thread(r, "experiment-driver"));

    ExperimentService(ExperimentStore experiments, DatasetService datasets, DerivedDatasets derived,
            AttentionMapper attention, ClusterAnalysis clusters, EventPublisher events, StorageLayout layout,
            ExperimentReports reports, SaliencyFigure saliency, CheckpointStore checkpoints, ObjectStore store) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.derived = derived;
        this.attention = attention;
        this.clusters = clusters;
        this.events = events;
        this.layout = layout;
        this.reports = reports;
        this.saliency = saliency;
        this.checkpoints = checkpoints;
        this.store = store;
    }

    void onStart(@Observes StartupEvent event) {
        driver.submit(() -> {
            for (Experiment x : experiments.list()) {
                if (!x.ended()) {
                    Log.infof("experiment %s: resuming in state %s", x.id(), x.state());
                    track(x);
                    republishPending(x);
                    advance(x.id());
                }
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        driver.shutdownNow();
    }

    /** Stores a new experiment and starts it; returns at once (state {@code created}). */
    public Experiment create(ExperimentRequest request) {
        ExperimentSpec spec = ExperimentSpec.of(request);
        datasets.manifest(spec.datasetId()); // 404 for an unknown dataset, before anything is stored
        if (spec.attentionModel() != null) {
            AttentionSource source = existingModel(spec.attentionModel());
            String architecture = checkpoints.readCard(source.checkpoint()).architecture();
            if (ExperimentSpec.SPATIAL_GATE.equals(spec.attention())
                    && !ExperimentSpec.ATTENTION_ARCHITECTURE.equals(architecture)) {
                throw new InvalidExperimentException("model " + spec.attentionModel() + " is a " + architecture
                        + " without a spatial attention gate: ask for \"attention\": \"saliency\" or name an "
                        + ExperimentSpec.ATTENTION_ARCHITECTURE);
            }
        }
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Experiment x = new Experiment(id, spec, Experiment.CREATED, null, null, Map.of(), List.of(), null, null, now, now);
        experiments.save(x);
        track(x);
        driver.submit(() -> advance(id));
        Log.infof("experiment %s created: dataset %s, %s, n = %s, attention %s", id, spec.datasetId(),
                spec.architectures(), spec.clusterCounts(), spec.attention());
        return x;
    }

    /** The experiment with its live progress and (partial) results table. */
    public Experiment get(String id) {
        Experiment x = live.get(id);
        if (x == null) {
            x = experiments.find(id).orElseThrow(() -> new UnknownExperimentException(id));
        }
        return x.table() != null ? x : x.withResults(ResultsTable.of(x), x.reportUri());
    }

    public List<Experiment> list() {
        return experiments.list().stream().map(x -> live.getOrDefault(x.id(), x)).toList();
    }

    /** The report: stored when the experiment has ended, rendered from the current state before. */
    public byte[] report(String id) {
        Experiment x = get(id);
        return x.ended() ? experiments.file(id, ExperimentReports.REPORT).orElseGet(() -> reports.render(x))
                : reports.render(x);
    }

    /** A training-progress event: progress of one of our jobs (per step in memory, per epoch stored). */
    public void onProgress(TrainingProgress p) {
        String id = p.jobId() == null ? null : jobs.get(p.jobId());
        if (id == null) {
            return;
        }
        boolean durable = ExperimentJob.endsEpoch(p) || !TrainingProgress.RUNNING.equals(p.state());
        Runnable change = () -> changeJob(id, p.jobId(), job -> job.with(p), durable);
        if (durable) {
            onDriver(change);
        } else {
            driver.submit(change); // a step's numbers are for live display only: no need to wait
        }
    }

    /** A checkpoint-ready event: a final checkpoint ends one of our jobs. */
    public void onCheckpoint(CheckpointReady c) {
        String id = c.jobId() == null || !c.isFinal() ? null : jobs.get(c.jobId());
        if (id == null) {
            return;
        }
        onDriver(() -> changeJob(id, c.jobId(), job -> job.with(c), true));
    }

    private void changeJob(String id, String jobId, java.util.function.UnaryOperator<ExperimentJob> change,
            boolean durable) {
        Experiment x = live.get(id);
        if (x == null) {
            return; // ended meanwhile
        }
        x = x.withJob(jobId, change);
        live.put(id, x);
        if (durable) {
            experiments.save(x);
            advance(id);
        }
    }

    // ------------------------------------------------------------------------------- the state machine

    /** Moves an experiment on as far as it can go now. Driver thread only. */
    private void advance(String id) {
        Experiment x = live.get(id);
        if (x == null || x.ended()) {
            return;
        }
        try {
            switch (x.state()) {
                case Experiment.CREATED -> startBaselines(x);
                case Experiment.TRAINING_ATTENTION, Experiment.CLUSTERING -> {
                    if (x.spec().attentionModel() != null) {
                        cluster(x, existingModel(x.spec().attentionModel()));
                        return;
                    }
                    ExperimentJob source = x.attentionJob().orElseThrow();
                    if (source.failed()) {
                        fail(x, "the attention model's job failed: " + source.error());
                    } else if (source.succeeded()) {
                        cluster(x, new AttentionSource(source.modelId(), S3Uri.parse(source.checkpointUri())));
                    }
                }
                case Experiment.TRAINING_PERTURBED -> {
                    if (x.jobs().stream().allMatch(ExperimentJob::ended)) {
                        finish(x);
                    }
                }
                default -> throw new IllegalStateException("unknown state " + x.state());
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "experiment %s failed in state %s", id, x.state());
            fail(live.get(id), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** The occluded test set, then the attention model and the baselines in one dataset-ready event. */
    private void startBaselines(Experiment x) {
        ExperimentSpec spec = x.spec();
        String occluded = derived.occluded(spec.datasetId(), seed(spec));
        List<TrainingSpec> training = new ArrayList<>();
        List<JobRole> roles = new ArrayList<>();
        if (ExperimentSpec.SPATIAL_GATE.equals(spec.attention()) && spec.attentionModel() == null) {
            training.add(training(x.id(), spec, JobRole.ATTENTION, ExperimentSpec.ATTENTION_ARCHITECTURE, occluded));
            roles.add(JobRole.ATTENTION);
        }
        for (String architecture : spec.architectures()) {
            training.add(training(x.id(), spec, JobRole.BASELINE, architecture, occluded));
            roles.add(JobRole.BASELINE);
        }
        DatasetManifest manifest = datasets.manifest(spec.datasetId());
        DatasetReady event = datasetReady(eventId(x, "baseline"), manifest, null, training);
        List<ExperimentJob> planned = new ArrayList<>();
        for (int i = 0; i < training.size(); i++) {
            planned.add(ExperimentJob.planned(event.jobId(i), event.eventId(), roles.get(i),
                    training.get(i).hyperparameters().architecture(), null, spec.datasetId()));
        }
        Experiment next = x.withDatasets(occluded, Map.of()).withJobsAdded(planned)
                .withState(Experiment.TRAINING_ATTENTION, null);
        save(next);
        events.datasetReady(event);
    }

    /** Where the attention comes from: a model and its final checkpoint. */
    record AttentionSource(String modelId, S3Uri checkpoint) {
    }

    /** {@code id} (its newest final version) or {@code id:version}. */
    private AttentionSource existingModel(String reference) {
        int colon = reference.lastIndexOf(':');
        String modelId = modelIdOf(reference);
        int version;
        try {
            version = colon < 0 ? checkpoints.latestVersion(layout.model(modelId))
                    : Integer.parseInt(reference.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new InvalidExperimentException("attentionModel is a model id or id:version, got '" + reference + "'");
        }
        S3Uri prefix = layout.modelVersion(modelId, version);
        if (version < 1 || !store.exists(prefix.resolve(ModelCard.FILE))) {
            throw new InvalidExperimentException("no model '" + reference + "' to take the attention from; "
                    + "GET /v2/models on the inference-service lists the trained ones");
        }
        return new AttentionSource(modelId, prefix);
    }

    /** The model id of an {@code attentionModel} reference ({@code id} or {@code id:version}). */
    private static String modelIdOf(String reference) {
        int colon = reference.lastIndexOf(':');
        return colon < 0 ? reference : reference.substring(0, colon);
    }

    /** Attention → clusters for every n → perturbed datasets → their training jobs. */
    private void cluster(Experiment x, AttentionSource source) {
        ExperimentSpec spec = x.spec();
        x = x.withState(Experiment.CLUSTERING, null);
        save(x);
        SplitData train = derived.reader(spec.datasetId()).readSplit(Split.TRAINING);
        boolean saliency = ExperimentSpec.SALIENCY.equals(spec.attention());
        AttentionAggregator.Attention a = attention.attention(source.checkpoint(), train, saliency,
                spec.attentionSample(), spec.threshold(), spec.alpha(), seed(spec));
        byte[] example = Arrays.copyOfRange(train.pixels(), 0, FaceImage.PIXELS);
        Map<Integer, ClusterMap> maps = clusters.cluster(spec.datasetId(),
                ClusterAnalysis.describe(spec.attention(), source.modelId(), a), spec.clusterCounts(), spec.clusters(),
                spec.alpha(), spec.beta(), seed(spec), example);
        train = null; // the masked copies below need the memory more

        String occluded = x.occludedDatasetId();
        String experimentId = x.id();
        Map<Integer, String> perturbed = new LinkedHashMap<>();
        List<ExperimentJob> planned = new ArrayList<>();
        List<DatasetReady> toPublish = new ArrayList<>();
        for (Map.Entry<Integer, ClusterMap> entry : maps.entrySet()) {
            int n = entry.getKey();
            DatasetManifest manifest = derived.perturbed(spec.datasetId(), entry.getValue(), Fill.parse(spec.fill()),
                    spec.keepOriginal());
            perturbed.put(n, manifest.datasetId());
            List<TrainingSpec> training = spec.architectures().stream()
                    .map(arch -> training(experimentId, spec, JobRole.PERTURBED, arch, occluded)).toList();
            Perturbation perturbation = perturbation(spec, n, manifest.datasetId(), source.modelId());
            DatasetReady event = datasetReady(eventId(x, "perturbed-k" + n), manifest, perturbation, training);
            for (int i = 0; i < training.size(); i++) {
                planned.add(ExperimentJob.planned(event.jobId(i), event.eventId(), JobRole.PERTURBED,
                        training.get(i).hyperparameters().architecture(), n, manifest.datasetId()));
            }
            toPublish.add(event);
        }
        Experiment next = x.withDatasets(occluded, perturbed).withJobsAdded(planned)
                .withState(Experiment.TRAINING_PERTURBED, null);
        save(next);
        toPublish.forEach(events::datasetReady);
        advance(next.id()); // in case every job has ended already (a repeated step)
    }

    private void finish(Experiment x) {
        ResultsTable table = ResultsTable.of(x);
        List<String> failed = x.jobs().stream().filter(ExperimentJob::failed)
                .map(j -> j.role() + " " + j.architecture() + (j.clusters() == null ? "" : " (n = " + j.clusters() + ")")
                        + ": " + j.error())
                .toList();
        Experiment done = x.withResults(table, null)
                .withState(failed.isEmpty() ? Experiment.SUCCEEDED : Experiment.FAILED,
                        failed.isEmpty() ? null : "jobs failed: " + String.join("; ", failed));
        saliency.store(done);
        S3Uri report = reports.store(done);
        done = done.withResults(table, report.toString());
        save(done);
        untrack(done);
        Log.infof("experiment %s %s; report %s", done.id(), done.state(), report);
    }

    private void fail(Experiment x, String reason) {
        Experiment failed = x.withResults(ResultsTable.of(x), x.reportUri()).withState(Experiment.FAILED, reason);
        save(failed);
        untrack(failed);
    }

    /** After a restart: an event that no job of ours has heard of yet may never have been sent. */
    private void republishPending(Experiment x) {
        if (Experiment.CREATED.equals(x.state()) || Experiment.CLUSTERING.equals(x.state())) {
            return; // those steps publish when they are repeated
        }
        Map<String, List<ExperimentJob>> byEvent = new LinkedHashMap<>();
        x.jobs().forEach(j -> byEvent.computeIfAbsent(j.eventId(), e -> new ArrayList<>()).add(j));
        byEvent.forEach((eventId, eventJobs) -> {
            if (eventJobs.stream().allMatch(j -> TrainingProgress.QUEUED.equals(j.state()))) {
                Log.infof("experiment %s: sending dataset-ready %s again (no job of it has started)", x.id(), eventId);
                repeatEvent(x, eventId, eventJobs);
            }
        });
    }

    private void repeatEvent(Experiment x, String eventId, List<ExperimentJob> eventJobs) {
        ExperimentSpec spec = x.spec();
        ExperimentJob first = eventJobs.get(0);
        DatasetManifest manifest = datasets.manifest(first.datasetId());
        List<TrainingSpec> training = eventJobs.stream()
                .map(j -> training(x.id(), spec, j.role(), j.architecture(), x.occludedDatasetId())).toList();
        String attentionModelId = spec.attentionModel() != null ? modelIdOf(spec.attentionModel())
                : x.attentionJob().map(ExperimentJob::modelId).orElse(null);
        Perturbation perturbation = first.clusters() == null ? null
                : perturbation(spec, first.clusters(), first.datasetId(), attentionModelId);
        events.datasetReady(datasetReady(eventId, manifest, perturbation, training));
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The training entry of one job: the attention model trains as asked and is not evaluated on occlusion. */
    private static TrainingSpec training(String experimentId, ExperimentSpec spec, JobRole role, String architecture,
            String occluded) {
        boolean attentionModel = role == JobRole.ATTENTION;
        return spec.training(architecture, attentionModel ? spec.attentionEpochs() : spec.epochsOf(architecture),
                attentionModel ? null : List.of(occluded), experimentId);
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

    private static long seed(ExperimentSpec spec) {
        return spec.seed() == null ? DEFAULT_SEED : spec.seed();
    }

    private void save(Experiment x) {
        experiments.save(x);
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

    /** Runs on the driver thread and waits, so a consumer commits its offset only after the change is stored. */
    private void onDriver(Runnable change) {
        Future<?> done = driver.submit(change);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating an experiment", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("updating an experiment failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
