package io.ferperturb.serving;

import io.ferperturb.commons.ApiException;

/** The request names a model that has no final checkpoint (404). */
public class UnknownModelException extends ApiException {
    public UnknownModelException(String message) {
        super(404, "unknown-model", message);
    }
}
