package io.ferperturb.domain;

/**
 * A model reference that does not parse, or names a kind of model a place does not take; the message says which
 * forms are accepted. Services answer it with 400.
 */
public class InvalidModelRefException extends IllegalArgumentException {
    public InvalidModelRefException(String message) {
        super(message);
    }
}
