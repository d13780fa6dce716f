package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.TrainingProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * One training job of an experiment, as the experiment knows it from the trainer's events.
 *
 * @param role     what the job is for: the attention model, a baseline or a perturbed model
 * @param clusters n of the perturbed dataset, and of the {@code more-steps} control it is the control of; null for
 *                 the others
 * @param seed     the job's training seed (null in states stored before seeds were listed: the experiment's first)
 * @param state    queued | running | succeeded | failed (the trainer's words)
 * @param curve    one point per finished epoch: the learning curve
 */
public record ExperimentJob(
        String jobId,
        String eventId,
        JobRole role,
        String architecture,
        Integer clusters,
        Long seed,
        String datasetId,
        String state,
        Integer epoch,
        Integer epochs,
        Double validationAccuracy,
        Double imagesPerSecond,
        Double etaSeconds,
        List<EpochPoint> curve,
        String modelId,
        Integer version,
        String checkpointUri,
        EvaluationResult test,
        List<EvaluationResult> evaluations,
        String error) {

    /** A finished epoch: training loss and accuracy, validation (PublicTest) accuracy. */
    public record EpochPoint(int epoch, Double trainLoss, Double trainAccuracy, Double validationAccuracy) {
    }

    public static ExperimentJob planned(String jobId, String eventId, JobRole role, String architecture, Integer clusters,
            long seed, String datasetId) {
        return new ExperimentJob(jobId, eventId, role, architecture, clusters, seed, datasetId, TrainingProgress.QUEUED, null,
                null, null, null, null, List.of(), null, null, null, null, List.of(), null);
    }

    /** The job's seed; {@code fallback} (the experiment's first seed) for a job stored before seeds were listed. */
    public long seedOr(long fallback) {
        return seed == null ? fallback : seed;
    }

    /** The job with one more evaluation (the baseline's test-time augmentation, computed after clustering). */
    public ExperimentJob withEvaluation(EvaluationResult evaluation) {
        List<EvaluationResult> all = new ArrayList<>(evaluations);
        all.add(evaluation);
        return new ExperimentJob(jobId, eventId, role, architecture, clusters, seed, datasetId, state, epoch, epochs,
                validationAccuracy, imagesPerSecond, etaSeconds, curve, modelId, version, checkpointUri, test, all, error);
    }

    public boolean ended() {
        return succeeded() || failed();
    }

    public boolean succeeded() {
        return TrainingProgress.SUCCEEDED.equals(state) && checkpointUri != null;
    }

    public boolean failed() {
        return TrainingProgress.FAILED.equals(state);
    }

    /** Whether this progress event ends an epoch (the trainer sends those without a step). */
    public static boolean endsEpoch(TrainingProgress p) {
        return p.step() == null && p.epoch() != null && TrainingProgress.RUNNING.equals(p.state());
    }

    /** The job after a progress event; a job that has a final checkpoint stays succeeded. */
    public ExperimentJob with(TrainingProgress p) {
        List<EpochPoint> points = curve;
        if (endsEpoch(p)) {
            points = new ArrayList<>(curve);
            points.removeIf(point -> point.epoch() >= p.epoch()); // a resumed job repeats no epoch, a retried one may
            points.add(new EpochPoint(p.epoch(), p.trainLoss(), p.trainAccuracy(), p.validationAccuracy()));
        }
        String newState = succeeded() ? state : p.state();
        return new ExperimentJob(jobId, eventId, role, architecture, clusters, seed, datasetId, newState,
                p.epoch() == null ? epoch : p.epoch(), p.epochs() == null ? epochs : p.epochs(),
                p.validationAccuracy() == null ? validationAccuracy : p.validationAccuracy(),
                p.imagesPerSecond() == null ? imagesPerSecond : p.imagesPerSecond(),
                p.etaSeconds() == null ? etaSeconds : p.etaSeconds(), points, p.modelId() == null ? modelId : p.modelId(),
                version, checkpointUri, test, evaluations, TrainingProgress.FAILED.equals(p.state()) ? p.error() : error);
    }

    /** The job after its final checkpoint: succeeded, with the checkpoint's metrics and evaluations. */
    public ExperimentJob with(CheckpointReady c) {
        return new ExperimentJob(jobId, eventId, role, architecture, clusters, seed, datasetId, TrainingProgress.SUCCEEDED,
                c.epoch(), epochs == null ? c.epoch() : epochs, validationAccuracy, imagesPerSecond, 0.0, curve,
                c.modelId(), c.version(), c.uri(), c.metrics(), c.evaluations() == null ? List.of() : c.evaluations(),
                null);
    }
}
