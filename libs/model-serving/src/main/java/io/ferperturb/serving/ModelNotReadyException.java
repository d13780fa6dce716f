package io.ferperturb.serving;

import io.ferperturb.commons.ApiException;

/** No model is loaded yet (503): the service is up but has nothing to serve. */
public class ModelNotReadyException extends ApiException {
    public ModelNotReadyException(String message) {
        super(503, "no-model", message);
    }
}
