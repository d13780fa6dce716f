package io.ferperturb.trainer.service;

import ai.djl.Model;
import io.ferperturb.domain.data.DatasetFormatException;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.InvalidEventException;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.event.TrainingLimits;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.Evaluation;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.ModelCard;
import io.ferperturb.models.StoredPredictions;
import io.ferperturb.models.UnknownArchitectureException;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.storage.EventUris;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.trainer.JobRecord;
import io.ferperturb.trainer.JobState;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.config.TrainerConfig;
import io.ferperturb.trainer.training.DatasetLoader;
import io.ferperturb.trainer.training.ModelTrainer;
import io.ferperturb.trainer.training.ResumeState;
import io.ferperturb.trainer.training.TrainingData;
import io.ferperturb.trainer.training.TrainingResult;
import io.ferperturb.trainer.training.TrainingSettings;
import io.ferperturb.trainer.training.TrainingStopped;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a dataset-ready event into training jobs and runs one job under this replica's claim on it: load the data,
 * train (checkpointing every epoch), store the final checkpoint, then announce it. Job records in S3 make a repeated
 * event a no-op, and a job whose replica died resumes from its last epoch on the replica that takes it over.
 */
@ApplicationScoped
public class TrainingService {
    /** The smallest crop every architecture takes: vgg16's five 2×2 poolings leave 1×1 of 32×32. */
    static final int MIN_CROP = 32;
    /** The checkpoint format the trainer writes: DJL parameters next to model.json. */
    private static final String FORMAT = "djl";
    /** Where the caps on one event are set. */
    static final String LIMIT_KEYS = "fer.trainer.limits";

    private final TrainerConfig config;
    private final JobStore jobs;
    private final EventPublisher events;
    private final CheckpointStore checkpoints;
    private final EpochCheckpoints epochCheckpoints;
    private final StorageLayout layout;
    private final DatasetLoader loader;
    private final ObjectStore store;
    private final StoredPredictions predictions;
    private final GracefulStop stop;
    private final JobCancellations cancellations;
    private final ModelVersions versions;
    private final ModelTrainer trainer = new ModelTrainer();
    private final TrainingLimits limits;

    TrainingService(TrainerConfig config, JobStore jobs, EventPublisher events, CheckpointStore checkpoints,
            EpochCheckpoints epochCheckpoints, StorageLayout layout, ObjectStore store, GracefulStop stop,
            JobCancellations cancellations, ModelVersions versions) {
        this.config = config;
        this.jobs = jobs;
        this.events = events;
        this.checkpoints = checkpoints;
        this.epochCheckpoints = epochCheckpoints;
        this.layout = layout;
        this.loader = new DatasetLoader(store);
        this.store = store;
        this.predictions = new StoredPredictions(store);
        this.stop = stop;
        this.cancellations = cancellations;
        this.versions = versions;
        TrainerConfig.Limits l = config.trainer().limits();
        this.limits = new TrainingLimits(l.maxEpochs(), l.maxBatchSize(), l.maxJobs(), LIMIT_KEYS);
    }

    /**
     * Cancels a job: a queued one is marked {@code cancelled} at once and never starts; a running one stops after
     * its current optimiser step and is marked then. The other jobs of its event go on.
     *
     * @throws JobAlreadyEndedException when it has succeeded, failed or been cancelled already
     */
    public JobRecord cancel(String jobId) {
        JobRecord record = jobs.find(jobId).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no job with id '"
                + jobId + "'"));
        if (record.ended()) {
            throw new JobAlreadyEndedException(jobId, record.state().json());
        }
        cancellations.request(jobId); // also stops it if it starts between this look and the next line
        if (record.state() == JobState.QUEUED) {
            record = markCancelled(record, "cancelled before it started");
        }
        Log.infof("job %s: cancellation asked for (it was %s)", jobId, record.state());
        return record;
    }

    private JobRecord markCancelled(JobRecord record, String reason) {
        JobRecord cancelled = record.with(JobState.CANCELLED, record.epoch(), record.validationAccuracy(), null, null,
                reason);
        jobs.save(cancelled);
        new ProgressReporter(record.job(), events, "none", epoch -> { }, (epoch, model, state) -> { })
                .state(TrainingProgress.FAILED, reason);
        return cancelled;
    }

    /**
     * The jobs an event asks for, defaults filled in; job ids are derived from the event id.
     *
     * @throws io.ferperturb.domain.event.LimitExceededException if the event asks for more jobs, or a job for more
     *                                                           epochs or a larger batch, than this trainer allows
     */
    public List<TrainingJob> plan(DatasetReady event) {
        limits.checkJobs("the training jobs of one dataset-ready event", event.trainingOrDefault().size());
        Hyperparameters defaults = defaults(config.trainer().defaults());
        List<TrainingJob> planned = new ArrayList<>();
        for (int i = 0; i < event.trainingOrDefault().size(); i++) {
            TrainingJob job = TrainingJob.of(event, i, defaults);
            limits.checkEpochs("epochs (training entry " + i + ")", job.hyperparameters().epochs());
            limits.checkBatchSize("batchSize (training entry " + i + ")", job.hyperparameters().batchSize());
            planned.add(job);
        }
        return planned;
    }

    /** The trainer's defaults: what a dataset-ready entry leaves out. */
    static Hyperparameters defaults(TrainerConfig.Defaults d) {
        return new Hyperparameters(d.architecture(), d.epochs(), d.batchSize(), d.learningRate(), d.seed(), d.momentum(),
                d.weightDecay(), d.plateauFactor(), d.plateauPatience(), d.augment() ? Augmentation.PAPER : Augmentation.NONE,
                null, d.perturbedBatching(), d.classWeights());
    }

    /**
     * Lists the event's jobs that are not known yet as {@code queued}, so that {@code GET /jobs} shows
     * them while earlier jobs train; returns the event's planned jobs.
     */
    public List<TrainingJob> register(DatasetReady event) {
        List<TrainingJob> planned = plan(event);
        for (TrainingJob job : planned) {
            if (jobs.find(job.jobId()).isEmpty()) {
                Instant now = Instant.now();
                jobs.save(new JobRecord(job, JobState.QUEUED, 0, null, null, null, null, now, now));
            }
        }
        return planned;
    }

    /**
     * Accepts an event for training: lists its jobs that are not known yet as {@code queued} and checks that they can
     * be trained (architectures, arguments, the dataset is there and is the content the event names).
     *
     * @return the event's planned jobs, in the event's order
     * @throws InvalidEventException when the event cannot be trained on; its jobs that had not ended are marked failed
     *                               and the consumer sends the event to the dead-letter topic
     */
    public List<TrainingJob> accept(DatasetReady event) {
        checkAddresses(event);
        List<TrainingJob> planned = register(event);
        try {
            planned.forEach(TrainingService::checkArguments);
            planned.stream().map(j -> List.of(j.datasetUri(), j.datasetFormat(), j.datasetSha256() == null ? "" : j.datasetSha256()))
                    .distinct().forEach(d -> verifyDataset(d.get(0), d.get(1), d.get(2).isEmpty() ? null : d.get(2)));
        } catch (InvalidEventException e) {
            // the event goes to the dead-letter topic: its jobs must not look queued forever
            for (TrainingJob job : planned) {
                jobs.find(job.jobId()).filter(r -> r.state() == JobState.QUEUED).ifPresent(r -> jobs.save(
                        r.with(JobState.FAILED, null, null, null, null, "not run: the event was rejected: " + e.getMessage())));
            }
            throw e;
        }
        return planned;
    }

    private void verifyDataset(String uri, String format, String sha256) {
        try {
            loader.verify(uri, format, sha256);
        } catch (DatasetFormatException e) {
            throw new InvalidEventException("dataset at " + uri + " is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Trains one job under the claim this replica holds on it: from scratch, or from the furthest point an earlier
     * attempt saved (an epoch's end, or the step a stopped one got to).
     *
     * @throws TrainingStopped    when the trainer is shutting down (where it got to is saved)
     * @throws LeaseLostException when another replica took the job over; nothing more was written for it
     */
    public void run(TrainingJob job, JobLease lease) {
        stop.started();
        try {
            train(job, lease);
        } catch (TrainingStopped stopped) {
            lease.release(); // before the shutdown goes on: the next replica need not wait for the claim to lapse
            throw stopped;
        } finally {
            stop.ended();
        }
    }

    private void train(TrainingJob job, JobLease lease) {
        Instant now = Instant.now();
        JobRecord record = jobs.find(job.jobId()).orElse(new JobRecord(job, JobState.QUEUED, 0, null, null, null, null,
                now, now)).runBy(lease.replica(), lease.attempt());
        lease.verify();
        jobs.save(record);
        TrainingSettings settings = settings(job, lease);
        String device = settings.deviceName();
        ProgressReporter reporter = new ProgressReporter(job, events, device, epoch -> {
            lease.verify();
            jobs.save(record.with(JobState.RUNNING, epoch.epoch(), epoch.validationAccuracy(), null, null, null));
        }, (epoch, model, state) -> saveEpoch(job, epoch, model, state, device, lease));
        reporter.state(TrainingProgress.RUNNING, null);
        try {
            checkArguments(job);
            TrainingData data = load(job);
            Map<String, DatasetLoader.TestSplit> extraTests = loadExtraTests(job);
            // a job that ran before resumes from the furthest point it saved: an epoch's end, or a step it stopped at
            Optional<ResumeState> resume = epochCheckpoints.latest(job);
            Hyperparameters h = job.hyperparameters();
            resume.ifPresent(r -> Log.infof(r.midEpoch() ? "job %s: resuming after epoch %d of %d, at step %d"
                    : "job %s: resuming after epoch %d of %d", job.jobId(), r.epoch(), h.epochs(), r.step() + 1));
            Log.infof("job %s: training %s on %s (%d/%d/%d images) for %d epochs on %s as attempt %d of %s", job.jobId(),
                    h.architecture(), job.datasetId(), data.train().size(), data.validation().size(), data.test().size(),
                    h.epochs(), device, lease.attempt(), lease.replica());
            if (data.trainGroupSize() > 1) {
                Log.infof("job %s: Training images come in groups of %d, batched %s", job.jobId(), data.trainGroupSize(),
                        h.perturbedBatching());
            }
            TrainingResult result = trainer.train(job.modelId(), data, settings, Normalisation.FER2013, reporter, resume);
            try (Model model = result.model()) {
                List<FinalEvaluation> evaluations = evaluateExtra(model, extraTests, h.batchSize(), h.inputSide());
                testTimeAugmentation(job).ifPresent(masker -> evaluations.add(new FinalEvaluation(job.datasetId(),
                        job.datasetVariant(), true, Evaluation.predictWithTta(model, data.test(), Normalisation.FER2013,
                        masker, h.inputSide()))));
                CheckpointReady published = publishFinal(job, result, model, device, evaluations, lease);
                jobs.save(record.with(JobState.SUCCEEDED, result.epochs(), result.validation().accuracy(),
                        result.test().accuracy(), published.uri(), null));
                reporter.state(TrainingProgress.SUCCEEDED, null);
                Log.infof("job %s: %s v%d, PrivateTest accuracy %.3f (balanced %.3f, macro-F1 %.3f)", job.jobId(),
                        job.modelId(), published.version(), result.test().accuracy(), result.test().balancedAccuracy(),
                        result.test().macroF1());
            }
        } catch (TrainingStopped stopped) {
            if (lease.lost()) {
                throw lostBy(job, lease, stopped);
            }
            if (cancellations.requested(job.jobId())) {
                cancellations.done(job.jobId());
                markCancelled(jobs.find(job.jobId()).orElse(record),
                        "cancelled by an admin " + stopped.getMessage().replace("stopped ", ""));
                Log.infof("job %s cancelled (%s)", job.jobId(), stopped.getMessage());
                return; // the event's other jobs go on
            }
            if (stopped.state() != null && stopped.state().midEpoch()) {
                lease.verify();
                epochCheckpoints.saveStopped(job, stopped.state());
            }
            // the record stays running: the next trainer to receive the job continues from what was saved
            Log.infof("job %s %s; it continues there after a restart", job.jobId(), stopped.getMessage());
            throw stopped;
        } catch (RuntimeException e) {
            if (e instanceof LeaseLostException || lease.lost()) {
                throw lostBy(job, lease, e);
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            jobs.save(record.with(JobState.FAILED, null, null, null, null, reason));
            reporter.state(TrainingProgress.FAILED, reason);
            Log.errorf(e instanceof InvalidEventException ? null : e, "job %s failed: %s", job.jobId(), reason);
        }
    }

    private static LeaseLostException lostBy(TrainingJob job, JobLease lease, RuntimeException cause) {
        Log.warnf("job %s: attempt %d of %s was taken over by another replica; it stops here and writes nothing more",
                job.jobId(), lease.attempt(), lease.replica());
        return cause instanceof LeaseLostException lost ? lost
                : new LeaseLostException("job " + job.jobId() + " was taken over: " + cause.getMessage());
    }

    /**
     * Checks every job the event asks for (architecture, epochs, batch size, learning rate, crop) without
     * running anything: {@code POST /jobs} answers 400 at once instead of dead-lettering the event later.
     *
     * @throws InvalidEventException naming the first argument that cannot be trained with
     */
    public void validate(DatasetReady event) {
        checkAddresses(event);
        plan(event).forEach(TrainingService::checkArguments);
    }

    /** The dataset and its cluster map must lie in the datasets bucket: the trainer reads nothing else. */
    private void checkAddresses(DatasetReady event) {
        EventUris.inBucket(event.uri(), layout.datasetsBucket(), "uri");
        if (event.perturbation() != null && event.perturbation().clusterMapUri() != null) {
            EventUris.inBucket(event.perturbation().clusterMapUri(), layout.datasetsBucket(), "perturbation.clusterMapUri");
        }
    }

    private static void checkArguments(TrainingJob job) {
        Hyperparameters h = job.hyperparameters();
        try {
            Architectures.get(h.architecture());
        } catch (UnknownArchitectureException e) {
            throw new InvalidEventException(e.getMessage(), e);
        }
        if (h.epochs() < 1 || h.batchSize() < 1 || !(h.learningRate() > 0)) {
            throw new InvalidEventException("epochs and batchSize must be ≥ 1 and learningRate > 0, got "
                    + h.epochs() + ", " + h.batchSize() + ", " + h.learningRate());
        }
        if (h.inputSide() < MIN_CROP || h.inputSide() > FaceImage.SIDE) {
            throw new InvalidEventException("crop is the side of the square training crops, " + MIN_CROP + "–"
                    + FaceImage.SIDE + " pixels (the paper uses 40; leave it out for whole 48×48 faces), got " + h.crop());
        }
        if (!Hyperparameters.GROUPED.equals(h.perturbedBatching()) && !Hyperparameters.EXPANDED.equals(h.perturbedBatching())) {
            throw new InvalidEventException("perturbedBatching is '" + Hyperparameters.GROUPED + "' or '"
                    + Hyperparameters.EXPANDED + "', got '" + h.perturbedBatching() + "'");
        }
        checkAugmentation(h.augmentation());
        if (h.classWeights() != null && !Hyperparameters.UNWEIGHTED.equals(h.classWeights())
                && !Hyperparameters.BALANCED.equals(h.classWeights())) {
            throw new InvalidEventException("classWeights is '" + Hyperparameters.UNWEIGHTED + "' or '"
                    + Hyperparameters.BALANCED + "', got '" + h.classWeights() + "'");
        }
    }

    /** Probabilities within 0–1 and a resized crop's area fractions positive and in order. */
    private static void checkAugmentation(Augmentation a) {
        if (a == null || !Boolean.TRUE.equals(a.enabled())) {
            return;
        }
        double[] probabilities = {a.jitterProbability(), a.translateProbability(), a.rotationProbability(), a.erasing()};
        for (double p : probabilities) {
            if (!(p >= 0 && p <= 1)) {
                throw new InvalidEventException("augmentation probabilities (jitterProbability, translateProbability, "
                        + "rotationProbability, erasing) are 0–1, got " + p);
            }
        }
        if (!(a.scaleMin() > 0 && a.scaleMin() <= a.scaleMax())) {
            throw new InvalidEventException("augmentation scaleMin and scaleMax are area fractions with 0 < scaleMin ≤ "
                    + "scaleMax (the authors' 0.8 and 1.2), got " + a.scaleMin() + " and " + a.scaleMax());
        }
    }

    private TrainingData load(TrainingJob job) {
        try {
            TrainingData data = loader.load(job.datasetUri(), job.datasetFormat(), job.datasetSha256());
            if (data.train().size() == 0) {
                throw new InvalidEventException("dataset " + job.datasetId() + " has no Training images");
            }
            return data;
        } catch (DatasetFormatException e) {
            throw new InvalidEventException("dataset " + job.datasetId() + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The test splits named by {@code evaluateOn}, loaded before training so a wrong name fails fast. */
    private Map<String, DatasetLoader.TestSplit> loadExtraTests(TrainingJob job) {
        Map<String, DatasetLoader.TestSplit> tests = new LinkedHashMap<>();
        for (String datasetId : job.evaluateOn() == null ? List.<String>of() : job.evaluateOn()) {
            tests.put(datasetId, loader.loadTestSplit(layout.dataset(datasetId)));
        }
        return tests;
    }

    /** For a perturbed dataset: the masker of its cluster map (the event's {@code perturbation.clusterMapUri}). */
    private Optional<RegionMasker> testTimeAugmentation(TrainingJob job) {
        if (job.clusterMapUri() == null) {
            return Optional.empty();
        }
        return Optional.of(new RegionMasker(ClusterMap.fromJson(store.get(S3Uri.parse(job.clusterMapUri())))));
    }

    private static List<FinalEvaluation> evaluateExtra(Model model, Map<String, DatasetLoader.TestSplit> tests,
            int batchSize, int side) {
        List<FinalEvaluation> results = new ArrayList<>();
        tests.forEach((datasetId, split) -> results.add(new FinalEvaluation(datasetId, split.variant(), false,
                Evaluation.predict(model, split.test(), Normalisation.FER2013, batchSize, side))));
        return results;
    }

    /** One entry of the final checkpoint's {@code evaluations}, with the predictions its numbers come from. */
    private record FinalEvaluation(String datasetId, String variant, boolean tta, Predictions predictions) {
        EvaluationResult result() {
            return predictions.evaluate(Emotion.labels()).describing(datasetId, variant, tta);
        }
    }

    private TrainingSettings settings(TrainingJob job, JobLease lease) {
        return new TrainingSettings(job.hyperparameters(), Djl.devices(config.trainer().device()),
                config.trainer().progressEverySteps(),
                () -> stop.requested() || cancellations.requested(job.jobId()) || lease.lost());
    }

    /** An intermediate checkpoint: stored for resuming, announced with {@code final: false}. */
    private void saveEpoch(TrainingJob job, int epoch, Model model, ResumeState state, String device, JobLease lease) {
        lease.verify();
        ModelCard card = card(job, 0, epoch, false, null, device, List.of());
        S3Uri prefix = epochCheckpoints.save(job, model, card, state);
        events.checkpointReady(card.checkpointReady(UUID.randomUUID().toString(), prefix.toString(), FORMAT));
    }

    /**
     * Stores the final checkpoint: the per-image predictions of each of its evaluations, then the parameters,
     * model.json last; then announces it.
     */
    private CheckpointReady publishFinal(TrainingJob job, TrainingResult result, Model model, String device,
            List<FinalEvaluation> evaluations, JobLease lease) {
        lease.verify();
        int version = versions.reserve(job.modelId(), job.jobId());
        S3Uri prefix = layout.modelVersion(job.modelId(), version);
        EvaluationResult test = result.test().withPredictionsUri(
                predictions.save(prefix, job.datasetId(), false, result.testPredictions()).toString());
        List<EvaluationResult> stored = new ArrayList<>();
        for (FinalEvaluation evaluation : evaluations) {
            stored.add(evaluation.result().withPredictionsUri(predictions.save(prefix, evaluation.datasetId(),
                    evaluation.tta(), evaluation.predictions()).toString()));
        }
        ModelCard card = card(job, version, result.epochs(), true, test, device, stored);
        lease.verify();
        checkpoints.save(prefix, model, card);
        CheckpointReady event = card.checkpointReady(UUID.randomUUID().toString(), prefix.toString(), FORMAT);
        events.checkpointReady(event);
        return event;
    }

    private ModelCard card(TrainingJob job, int version, int epoch, boolean isFinal, EvaluationResult test, String device,
            List<EvaluationResult> evaluations) {
        Hyperparameters h = job.hyperparameters();
        return new ModelCard(job.modelId(), version, h.architecture(), Emotion.labels(),
                List.of(1, h.inputSide(), h.inputSide()),
                Normalisation.FER2013, "model", epoch, isFinal,
                new Lineage(job.datasetId(), job.datasetVariant(), job.parentDatasetId(), job.jobId(), job.eventId(),
                        job.clusterMapUri()),
                test, evaluations, h.describe(), device, Instant.now());
    }
}
