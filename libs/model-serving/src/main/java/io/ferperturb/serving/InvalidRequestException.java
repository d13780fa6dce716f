package io.ferperturb.serving;

/** A request parameter that cannot be honoured (400); the message says what to send instead. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
