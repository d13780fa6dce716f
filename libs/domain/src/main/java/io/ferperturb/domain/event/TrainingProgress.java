package io.ferperturb.domain.event;

import java.time.Instant;

/**
 * Progress of one training job (topic {@code training-progress}, key {@code jobId}).
 *
 * @param state queued | running | succeeded | failed (then {@code error} says why)
 */
public record TrainingProgress(
        String jobId,
        String datasetId,
        String architecture,
        String state,
        Integer epoch,
        Integer epochs,
        Integer step,
        Integer steps,
        Double trainLoss,
        Double trainAccuracy,
        Double validationAccuracy,
        Double imagesPerSecond,
        Double etaSeconds,
        String modelId,
        String device,
        String error,
        Instant at) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
}
