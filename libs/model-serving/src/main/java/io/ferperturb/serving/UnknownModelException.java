package io.ferperturb.serving;

/** The request names a model that has no final checkpoint (404). */
public class UnknownModelException extends RuntimeException {
    public UnknownModelException(String message) {
        super(message);
    }
}
