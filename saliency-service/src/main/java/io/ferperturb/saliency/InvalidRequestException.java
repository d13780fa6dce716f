package io.ferperturb.saliency;

/** A query parameter the service cannot use (400), with a sentence saying what would work. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
