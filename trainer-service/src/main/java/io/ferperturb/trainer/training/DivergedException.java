package io.ferperturb.trainer.training;

/** The loss became NaN or exploded; no final checkpoint is published for such a job. */
public class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}
