package io.ferperturb.perturb.experiment;

/** An experiment request that cannot run (400), with the reason in words. */
public class InvalidExperimentException extends RuntimeException {
    public InvalidExperimentException(String message) {
        super(message);
    }
}
