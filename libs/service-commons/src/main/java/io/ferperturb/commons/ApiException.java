package io.ferperturb.commons;

/**
 * An error a user can act on, carrying the HTTP status and the short code of the contract's JSON error body.
 * A service's own exceptions extend this, so one mapper ({@link CommonErrorMapper}) answers all of them.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final int retryAfterSeconds;

    protected ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when positive (a 503 the client may retry) */
    protected ApiException(int status, String code, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds a client should wait before retrying; 0 when retrying is no use. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
