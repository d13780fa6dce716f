package io.ferperturb.trainer.service;

import ai.djl.Model;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.training.ResumeState;
import io.ferperturb.trainer.training.TrainingListener;
import io.quarkus.logging.Log;
import java.time.Instant;
import java.util.function.Consumer;

/** Turns a job's progress into training-progress events and log lines with rates and ETA. */
final class ProgressReporter implements TrainingListener {
    private final TrainingJob job;
    private final EventPublisher events;
    private final String device;
    private final Consumer<EpochSummary> onEpoch;
    private final CheckpointHook onCheckpoint;
    private volatile Double lastValidation;

    /** Stores an epoch's checkpoint. */
    interface CheckpointHook {
        void save(int epoch, Model model, ResumeState state);
    }

    /**
     * @param onEpoch      also told of every finished epoch (the service updates the job record)
     * @param onCheckpoint stores each epoch's checkpoint
     */
    ProgressReporter(TrainingJob job, EventPublisher events, String device, Consumer<EpochSummary> onEpoch,
            CheckpointHook onCheckpoint) {
        this.job = job;
        this.events = events;
        this.device = device;
        this.onEpoch = onEpoch;
        this.onCheckpoint = onCheckpoint;
    }

    @Override
    public void onCheckpoint(int epoch, Model model, ResumeState state) {
        onCheckpoint.save(epoch, model, state);
    }

    String device() {
        return device;
    }

    void state(String state, String error) {
        events.progress(new TrainingProgress(job.jobId(), job.datasetId(), job.hyperparameters().architecture(), state,
                null, job.hyperparameters().epochs(), null, null, null, null, lastValidation, null, null, job.modelId(),
                device, error, Instant.now()));
    }

    @Override
    public void onStep(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond,
            double etaSeconds) {
        events.progress(new TrainingProgress(job.jobId(), job.datasetId(), job.hyperparameters().architecture(),
                TrainingProgress.RUNNING, epoch, job.hyperparameters().epochs(), step, steps, loss, accuracy, lastValidation,
                imagesPerSecond, etaSeconds, job.modelId(), device, null, Instant.now()));
    }

    @Override
    public void onEpoch(EpochSummary s) {
        lastValidation = s.validationAccuracy();
        Log.infof("job %s epoch %d/%d: loss %.4f, train acc %.3f, val acc %.3f, lr %.5f, %.0f images/s, data wait %.1f%%, ETA %.0f s",
                job.jobId(), s.epoch(), s.epochs(), s.trainLoss(), s.trainAccuracy(), s.validationAccuracy(),
                s.learningRate(), s.imagesPerSecond(), 100 * s.dataWaitShare(), s.etaSeconds());
        events.progress(new TrainingProgress(job.jobId(), job.datasetId(), job.hyperparameters().architecture(),
                TrainingProgress.RUNNING, s.epoch(), s.epochs(), null, null, s.trainLoss(), s.trainAccuracy(),
                s.validationAccuracy(), s.imagesPerSecond(), s.etaSeconds(), job.modelId(), device, null, Instant.now()));
        onEpoch.accept(s);
    }
}
