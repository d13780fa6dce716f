package io.ferperturb.serving;

/** No model is loaded yet (503): the service is up but has nothing to serve. */
public class ModelNotReadyException extends RuntimeException {
    public ModelNotReadyException(String message) {
        super(message);
    }
}
