package io.ferperturb.perturb.experiment;

import io.ferperturb.commons.ApiException;

/** No experiment with this id (404). */
public class UnknownExperimentException extends ApiException {
    public UnknownExperimentException(String experimentId) {
        super(404, "unknown-experiment", "no experiment '" + experimentId + "'; GET /experiments lists them");
    }
}
