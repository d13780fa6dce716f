package io.ferperturb.models.saliency;

/**
 * A gradient pass waited {@link GradientPasses#lockWait()} for the one gradient lock of the JVM and gave up: the
 * server is busy with other maps, and the client should retry after {@link #retryAfterSeconds()}.
 */
public class GradientLockTimeoutException extends RuntimeException {
    private final int retryAfterSeconds;

    public GradientLockTimeoutException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
