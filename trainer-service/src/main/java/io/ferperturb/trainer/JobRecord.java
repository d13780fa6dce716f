package io.ferperturb.trainer;

import java.time.Instant;

/** What {@code GET /jobs/{id}} shows; persisted in S3 so it outlives the process. */
public record JobRecord(
        TrainingJob job,
        JobState state,
        Integer epoch,
        Double validationAccuracy,
        Double testAccuracy,
        String checkpointUri,
        String error,
        Instant createdAt,
        Instant updatedAt) {

    public JobRecord with(JobState newState, Integer newEpoch, Double val, Double test, String checkpoint, String err) {
        return new JobRecord(job, newState, newEpoch, val, test, checkpoint, err, createdAt, Instant.now());
    }

    public boolean ended() {
        return state.ended();
    }
}
