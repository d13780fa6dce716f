package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.InvalidModelRefException;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.ModelCard;
import io.ferperturb.models.arch.GatedArchitectureFactory;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.perturb.report.ExperimentReports;
import io.ferperturb.perturb.report.SaliencyFigure;
import io.ferperturb.perturb.service.DatasetService;
import io.ferperturb.perturb.service.EventPublisher;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Runs experiments: takes requests, answers reads, and feeds the trainer's events to the
 * {@link ExperimentStateMachine} through the {@link ExperimentDriver}'s one thread. A consumer's event is stored
 * before the call returns, so its offset is committed only after the change is durable; a restarted service
 * reloads the unfinished experiments from their {@code state.json} before it takes any event.
 */
@ApplicationScoped
public class ExperimentService {
    private final ExperimentStore experiments;
    private final DatasetService datasets;
    private final StorageLayout layout;
    private final ExperimentReports reports;
    private final CheckpointStore checkpoints;
    private final ObjectStore store;
    private final ExperimentLimits limits;
    private final ExperimentDriver driver;

    ExperimentService(ExperimentStore experiments, DatasetService datasets, ExperimentDatasets derived,
            EventPublisher events, StorageLayout layout, ExperimentReports reports, SaliencyFigure saliency,
            CheckpointStore checkpoints, ObjectStore store, ExperimentEvaluations evaluations, ExperimentLimits limits) {
        this.experiments = experiments;
        this.limits = limits;
        this.datasets = datasets;
        this.layout = layout;
        this.reports = reports;
        this.checkpoints = checkpoints;
        this.store = store;
        ExperimentStateMachine.AttentionModels models = new ExperimentStateMachine.AttentionModels() {
            @Override
            public AttentionSource resolve(String reference) {
                return existingModel(reference);
            }

            @Override
            public String modelId(String reference) {
                return attentionModel(reference).modelId();
            }
        };
        ExperimentStateMachine machine = new ExperimentStateMachine(experiments::save, events::datasetReady, derived,
                models, ended -> {
                    saliency.store(ended);
                    return reports.store(ended);
                }, evaluations, layout);
        this.driver = new ExperimentDriver(machine, experiments::list);
    }

    void onStart(@Observes StartupEvent event) {
        driver.reload();
    }

    void onStop(@Observes ShutdownEvent event) {
        driver.close();
    }

    /** Stores a new experiment and starts it; returns at once (state {@code created}). */
    public Experiment create(ExperimentRequest request) {
        ExperimentSpec spec = ExperimentSpec.of(request);
        limits.check(spec);
        datasets.manifest(spec.datasetId()); // 404 for an unknown dataset, before anything is stored
        if (spec.attentionModel() != null) {
            AttentionSource source = existingModel(spec.attentionModel());
            String architecture = checkpoints.readCard(source.checkpoint()).architecture();
            if (ExperimentSpec.SPATIAL_GATE.equals(spec.attention())
                    && !architecture.startsWith(GatedArchitectureFactory.PREFIX)) {
                throw new InvalidExperimentException("model " + spec.attentionModel() + " is a " + architecture
                        + " without a spatial attention gate: ask for \"attention\": \"saliency\" or name an "
                        + "attention model (" + ExperimentSpec.ATTENTION_ARCHITECTURE + ", attention-vgg16, …)");
            }
        }
        String id = "exp-" + UUID.randomUUID().toString().substring(0, 8);
        Experiment x = Experiment.created(id, spec, Instant.now());
        experiments.save(x);
        driver.start(x);
        Log.infof("experiment %s created: dataset %s, %s, n = %s, attention %s", id, spec.datasetId(),
                spec.architectures(), spec.clusterCounts(), spec.attention());
        return x;
    }

    /** The experiment with its live progress and (partial) results table. */
    public Experiment get(String id) {
        Experiment x = driver.live(id)
                .orElseGet(() -> experiments.find(id).orElseThrow(() -> new UnknownExperimentException(id)));
        return x.table() != null ? x : x.withResults(ResultsTable.of(x), x.reportUri());
    }

    public List<Experiment> list() {
        return experiments.list().stream().map(x -> driver.live(x.id()).orElse(x)).toList();
    }

    /** The report: stored when the experiment has ended, rendered from the current state before. */
    public byte[] report(String id) {
        Experiment x = get(id);
        return x.ended() ? experiments.file(id, ExperimentReports.REPORT).orElseGet(() -> reports.render(x))
                : reports.render(x);
    }

    /** A training-progress event: progress of one of our jobs (per step in memory, per epoch stored). */
    public void onProgress(TrainingProgress p) {
        driver.onProgress(p);
    }

    /** A checkpoint-ready event: a final checkpoint ends one of our jobs. */
    public void onCheckpoint(CheckpointReady c) {
        driver.onCheckpoint(c);
    }

    /** {@code id} (its newest final version) or {@code id:version}. */
    private AttentionSource existingModel(String reference) {
        ModelRef.Id model = attentionModel(reference);
        int version = model.version().orElseGet(() -> checkpoints.latestVersion(layout.model(model.modelId())));
        S3Uri prefix = layout.modelVersion(model.modelId(), version);
        if (version < 1 || !store.exists(prefix.resolve(ModelCard.FILE))) {
            throw new InvalidExperimentException("no model '" + reference + "' to take the attention from; "
                    + "GET /v2/models on the inference-service lists the trained ones");
        }
        return new AttentionSource(model.modelId(), prefix);
    }

    /**
     * An {@code attentionModel} names one trained model by id: aliases ({@code latest}, {@code best}) belong to
     * the servers' catalogues and an ensemble has no attention of its own.
     */
    private static ModelRef.Id attentionModel(String reference) {
        ModelRef ref;
        try {
            ref = ModelRef.parse(reference);
        } catch (InvalidModelRefException e) {
            throw new InvalidExperimentException("attentionModel: " + e.getMessage());
        }
        if (ref instanceof ModelRef.Id id) {
            return id;
        }
        throw new InvalidExperimentException("attentionModel is a model id or id:version (e.g. attention-cnn-fer2013:2), "
                + "not an alias or an ensemble; got '" + reference + "'");
    }
}
