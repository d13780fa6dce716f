package io.ferperturb.perturb.experiment;

/** No experiment with this id (404). */
public class UnknownExperimentException extends RuntimeException {
    public UnknownExperimentException(String experimentId) {
        super("no experiment '" + experimentId + "'; GET /experiments lists them");
    }
}
