package io.ferperturb.inference.batch;

/**
 * What {@code GET /batches/{id}} answers: the stored status, and the rate and time left of the current attempt.
 *
 * @param itemsPerSecond images answered per second since the current attempt started; null before the first chunk
 * @param etaSeconds     seconds left at that rate; null when unknown, 0 when ended
 */
public record BatchProgress(BatchStatus batch, Double itemsPerSecond, Long etaSeconds) {

    static BatchProgress of(BatchStatus status, java.time.Instant now) {
        if (!status.isRunning()) {
            return new BatchProgress(status, null, 0L);
        }
        int since = status.done() - status.doneAtResume();
        double seconds = java.time.Duration.between(status.resumedAt(), now).toMillis() / 1000.0;
        if (since <= 0 || seconds <= 0) {
            return new BatchProgress(status, null, null);
        }
        double rate = since / seconds;
        return new BatchProgress(status, rate, Math.round((status.total() - status.done()) / rate));
    }
}
