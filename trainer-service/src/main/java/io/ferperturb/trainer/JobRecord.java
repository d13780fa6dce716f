package io.ferperturb.trainer;

import java.time.Instant;

/**
 * What {@code GET /jobs/{id}} shows; persisted in S3 so it outlives the process.
 *
 * @param replica the trainer replica that runs or ran the job (null while queued)
 * @param attempt how many times a replica has taken the job on (1 unless one died or was drained mid-job)
 */
public record JobRecord(
        TrainingJob job,
        JobState state,
        Integer epoch,
        Double validationAccuracy,
        Double testAccuracy,
        String checkpointUri,
        String error,
        Instant createdAt,
        Instant updatedAt,
        String replica,
        Integer attempt) {

    /** A job no replica has taken on yet. */
    public JobRecord(TrainingJob job, JobState state, Integer epoch, Double validationAccuracy, Double testAccuracy,
            String checkpointUri, String error, Instant createdAt, Instant updatedAt) {
        this(job, state, epoch, validationAccuracy, testAccuracy, checkpointUri, error, createdAt, updatedAt, null, null);
    }

    public JobRecord with(JobState newState, Integer newEpoch, Double val, Double test, String checkpoint, String err) {
        return new JobRecord(job, newState, newEpoch, val, test, checkpoint, err, createdAt, Instant.now(), replica,
                attempt);
    }

    /** Taken on by {@code newReplica} as the job's attempt {@code newAttempt}. */
    public JobRecord runBy(String newReplica, int newAttempt) {
        return new JobRecord(job, JobState.RUNNING, epoch, validationAccuracy, null, null, null, createdAt, Instant.now(),
                newReplica, newAttempt);
    }

    public boolean ended() {
        return state.ended();
    }
}
