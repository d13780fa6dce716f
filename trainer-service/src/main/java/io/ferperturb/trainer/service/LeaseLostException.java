package io.ferperturb.trainer.service;

/**
 * This replica's claim on a job has been taken over by another replica (or could not be renewed in time): it must
 * stop the job and write nothing more for it.
 */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
