package io.ferperturb.trainer.service;

import ai.djl.Device;
import ai.djl.Model;
import io.ferperturb.core.data.DatasetFormatException;
import io.ferperturb.core.data.Normalisation;
import io.ferperturb.core.event.CheckpointReady;
import io.ferperturb.core.event.DatasetReady;
import io.ferperturb.core.event.InvalidEventException;
import io.ferperturb.core.event.TrainingProgress;
import io.ferperturb.core.event.TrainingSpec;
import io.ferperturb.core.model.Architectures;
import io.ferperturb.core.model.CheckpointStore;
import io.ferperturb.core.model.Djl;
import io.ferperturb.core.model.Lineage;
import io.ferperturb.core.model.ModelCard;
import io.ferperturb.core.model.UnknownArchitectureException;
import io.ferperturb.core.storage.ObjectStore;
import io.ferperturb.core.storage.S3Uri;
import io.ferperturb.core.storage.StorageLayout;
import io.ferperturb.trainer.JobRecord;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.config.TrainerConfig;
import io.ferperturb.trainer.training.DatasetLoader;
import io.ferperturb.trainer.training.ModelTrainer;
import io.ferperturb.trainer.training.TrainingData;
import io.ferperturb.trainer.training.TrainingResult;
import io.ferperturb.trainer.training.TrainingSettings;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a dataset-ready event into training jobs and runs them one at a time: load the data, train,
 * store the checkpoint, then announce it. Job records in S3 make a repeated event a no-op.
 */
@ApplicationScoped
public class TrainingService {
    private final TrainerConfig config;
    private final JobStore jobs;
    private final EventPublisher events;
    private final CheckpointStore checkpoints;
    private final StorageLayout layout;
    private final DatasetLoader loader;
    private final ModelTrainer trainer = new ModelTrainer();

    TrainingService(TrainerConfig config, JobStore jobs, EventPublisher events, CheckpointStore checkpoints,
            StorageLayout layout, ObjectStore store) {
        this.config = config;
        this.jobs = jobs;
        this.events = events;
        this.checkpoints = checkpoints;
        this.layout = layout;
        this.loader = new DatasetLoader(store);
    }

    /** The jobs an event asks for, defaults filled in; job ids are derived from the event id. */
    public List<TrainingJob> plan(DatasetReady event) {
        TrainerConfig.Defaults d = config.trainer().defaults();
        List<TrainingSpec> specs = event.trainingOrDefault();
        List<TrainingJob> planned = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TrainingSpec s = specs.get(i);
            String architecture = s.architecture() == null ? d.architecture() : s.architecture();
            String jobId = UUID.nameUUIDFromBytes((event.eventId() + "#" + i).getBytes(StandardCharsets.UTF_8)).toString();
            String clusterMap = event.perturbation() == null ? null : event.perturbation().clusterMapUri();
            planned.add(new TrainingJob(jobId, event.eventId(), event.datasetId(), event.uri(), event.format(),
                    event.variantOrDefault(), event.parentDatasetId(), clusterMap, architecture,
                    s.epochs() == null ? d.epochs() : s.epochs(),
                    s.batchSize() == null ? d.batchSize() : s.batchSize(),
                    s.learningRate() == null ? d.learningRate() : s.learningRate(),
                    s.seed() == null ? d.seed() : s.seed(),
                    architecture + "-" + event.datasetId(), s.experimentId(), s.evaluateOn()));
        }
        return planned;
    }

    /**
     * Runs every job of the event that has not ended before.
     *
     * @throws InvalidEventException when the event cannot be trained on (unknown architecture, missing or
     *                               unreadable dataset); the consumer sends it to the dead-letter topic
     */
    public void handle(DatasetReady event) {
        for (TrainingJob job : plan(event)) {
            var previous = jobs.find(job.jobId());
            if (previous.isPresent() && previous.get().ended()) {
                Log.infof("job %s of event %s already %s; nothing to do", job.jobId(), event.eventId(), previous.get().state());
                continue;
            }
            run(job);
        }
    }

    private void run(TrainingJob job) {
        Instant now = Instant.now();
        JobRecord record = new JobRecord(job, TrainingProgress.RUNNING, 0, null, null, null, null, now, now);
        jobs.save(record);
        ProgressReporter reporter = new ProgressReporter(job, events, deviceName(), epoch -> jobs.save(
                record.with(TrainingProgress.RUNNING, epoch.epoch(), epoch.validationAccuracy(), null, null, null)));
        reporter.state(TrainingProgress.RUNNING, null);
        try {
            checkArguments(job);
            TrainingData data = load(job);
            Log.infof("job %s: training %s on %s (%d/%d/%d images) for %d epochs on %s", job.jobId(), job.architecture(),
                    job.datasetId(), data.train().size(), data.validation().size(), data.test().size(), job.epochs(),
                    reporter.device());
            TrainingResult result = trainer.train(job.modelId(), data, settings(job), Normalisation.FER2013, reporter);
            try (Model model = result.model()) {
                CheckpointReady published = publishFinal(job, result, model, reporter.device());
                jobs.save(record.with(TrainingProgress.SUCCEEDED, result.epochs(), result.validation().accuracy(),
                        result.test().accuracy(), published.uri(), null));
                reporter.state(TrainingProgress.SUCCEEDED, null);
                Log.infof("job %s: %s v%d, PrivateTest accuracy %.3f (balanced %.3f)", job.jobId(), job.modelId(),
                        published.version(), result.test().accuracy(), result.test().balancedAccuracy());
            }
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            jobs.save(record.with(TrainingProgress.FAILED, null, null, null, null, reason));
            reporter.state(TrainingProgress.FAILED, reason);
            Log.errorf(e instanceof InvalidEventException ? null : e, "job %s failed: %s", job.jobId(), reason);
            if (e instanceof InvalidEventException) {
                throw e;
            }
        }
    }

    private static void checkArguments(TrainingJob job) {
        try {
            Architectures.get(job.architecture());
        } catch (UnknownArchitectureException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
        if (job.epochs() < 1 || job.batchSize() < 1 || !(job.learningRate() > 0)) {
            throw new InvalidEventException("epochs and batchSize must be ≥ 1 and learningRate > 0, got "
                    + job.epochs() + ", " + job.batchSize() + ", " + job.learningRate());
        }
    }

    private TrainingData load(TrainingJob job) {
        try {
            TrainingData data = loader.load(job.datasetUri(), job.datasetFormat());
            if (data.train().size() == 0) {
                throw new InvalidEventException("dataset " + job.datasetId() + " has no Training images");
            }
            return data;
        } catch (DatasetFormatException e) {
            throw new InvalidEventException("dataset " + job.datasetId() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private TrainingSettings settings(TrainingJob job) {
        Device device = Djl.device(config.trainer().device());
        return new TrainingSettings(job.architecture(), job.epochs(), job.batchSize(), job.learningRate(), job.seed(),
                device, config.trainer().progressEverySteps());
    }

    private String deviceName() {
        return Djl.device(config.trainer().device()).toString();
    }

    /** Stores the checkpoint (model.json last), then announces it. */
    private CheckpointReady publishFinal(TrainingJob job, TrainingResult result, Model model, String device) {
        int version = checkpoints.latestVersion(layout.model(job.modelId())) + 1;
        S3Uri prefix = layout.modelVersion(job.modelId(), version);
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("epochs", job.epochs());
        hyper.put("batchSize", job.batchSize());
        hyper.put("learningRate", job.learningRate());
        hyper.put("optimizer", "sgd-nesterov");
        hyper.put("momentum", 0.9);
        hyper.put("weightDecay", 1e-4);
        hyper.put("seed", job.seed());
        Instant now = Instant.now();
        List<String> classes = io.ferperturb.core.data.Emotion.labels();
        ModelCard card = new ModelCard(job.modelId(), version, job.architecture(), classes, List.of(1, 48, 48),
                Normalisation.FER2013, "model", result.epochs(), true,
                new Lineage(job.datasetId(), job.datasetVariant(), job.parentDatasetId(), job.jobId(), job.eventId(),
                        job.clusterMapUri()),
                result.test(), List.of(), hyper, device, now);
        checkpoints.save(prefix, model, card);
        CheckpointReady event = new CheckpointReady(UUID.randomUUID().toString(), job.modelId(), version, job.jobId(),
                job.architecture(), job.datasetId(), job.datasetVariant(), prefix.toString(), "djl", classes,
                List.of(1, 48, 48), result.epochs(), true, result.test(), hyper, device, job.eventId(), List.of(), now);
        events.checkpointReady(event);
        return event;
    }
}
