package io.ferperturb.perturb.experiment;

import io.ferperturb.commons.ApiException;

/** An experiment request that cannot run (400), with the reason in words. */
public class InvalidExperimentException extends ApiException {
    public InvalidExperimentException(String message) {
        super(400, "invalid-experiment", message);
    }
}
