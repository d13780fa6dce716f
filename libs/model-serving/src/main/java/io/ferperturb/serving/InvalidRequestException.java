package io.ferperturb.serving;

import io.ferperturb.commons.ApiException;

/** A request parameter that cannot be honoured (400); the message says what to send instead. */
public class InvalidRequestException extends ApiException {
    public InvalidRequestException(String message) {
        super(400, "invalid-request", message);
    }
}
