package io.ferperturb.domain.event;

/**
 * A request or event asks for more work than this server's {@link TrainingLimits} allow: refused before anything
 * is queued (400 over HTTP, the dead-letter topic for an event), its message naming the setting.
 */
public class LimitExceededException extends InvalidEventException {
    public LimitExceededException(String message) {
        super(message);
    }
}
