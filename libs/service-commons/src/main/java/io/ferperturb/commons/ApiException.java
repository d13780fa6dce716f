package io.ferperturb.commons;

/**
 * An error a user can act on, carrying the HTTP status and the short code of the contract's JSON error body.
 * A service's own exceptions extend this, so one mapper ({@link CommonErrorMapper}) answers all of them.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    protected ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
