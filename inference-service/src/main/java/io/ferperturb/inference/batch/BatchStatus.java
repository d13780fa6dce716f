package io.ferperturb.inference.batch;

import java.time.Instant;
import java.util.List;

/**
 * A batch as {@code status.json} keeps it; {@code done} is the cursor: the first {@code done} items have their lines
 * in part files, and a resumed batch goes on from there.
 *
 * @param state      {@code running}, {@code succeeded} or {@code failed}
 * @param model      the model pinned at the start ({@code id:version}, or an ensemble of such)
 * @param classes    the pinned model's classes (the CSV's probability columns)
 * @param detector   the face detector pinned at the start ({@code haar} or {@code blazeface}); null in a batch
 *                   stored before detectors could be chosen, which uses the server's
 * @param errors     items answered with an error line so far
 * @param owner      the replica running it; {@code attempt} counts the replicas that took it on
 * @param leaseUntil until when the owner's claim holds; a running batch past it is resumed by the next GET
 * @param resumedAt  when the current attempt started, with {@code doneAtResume}: the rate and ETA
 */
public record BatchStatus(String batchId, String state, String source, String modelRequested, String model,
        List<String> classes, boolean tta, String faces, String detector, String format, int total, int done,
        int errors, String owner, int attempt, Instant leaseUntil, Instant createdAt, Instant resumedAt, int doneAtResume,
        Instant updatedAt, Instant finishedAt, String error) {
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    BatchStatus advanced(int newDone, int newErrors, Instant now, Instant lease) {
        return new BatchStatus(batchId, state, source, modelRequested, model, classes, tta, faces, detector, format,
                total, newDone, newErrors, owner, attempt, lease, createdAt, resumedAt, doneAtResume, now, finishedAt, error);
    }

    BatchStatus claimedBy(String replica, int newAttempt, Instant now, Instant lease) {
        return new BatchStatus(batchId, state, source, modelRequested, model, classes, tta, faces, detector, format,
                total, done, errors, replica, newAttempt, lease, createdAt, now, done, now, finishedAt, error);
    }

    BatchStatus ended(String endState, Instant now, String why) {
        return new BatchStatus(batchId, endState, source, modelRequested, model, classes, tta, faces, detector, format,
                total, done, errors, owner, attempt, null, createdAt, resumedAt, doneAtResume, now, now, why);
    }

    boolean isRunning() {
        return RUNNING.equals(state);
    }
}
