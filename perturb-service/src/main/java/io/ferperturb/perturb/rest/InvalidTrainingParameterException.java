package io.ferperturb.perturb.rest;

import io.ferperturb.commons.ApiException;

/** An upload's training query parameter the trainer could not train with (400), refused before anything is stored. */
public class InvalidTrainingParameterException extends ApiException {
    public InvalidTrainingParameterException(String message) {
        super(400, "invalid-training-parameter", message);
    }
}
