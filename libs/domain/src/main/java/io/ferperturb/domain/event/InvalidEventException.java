package io.ferperturb.domain.event;

/** A record that cannot be acted on; its message is the dead-letter reason a user reads. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
