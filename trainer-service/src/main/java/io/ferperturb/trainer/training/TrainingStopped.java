package io.ferperturb.trainer.training;

/**
 * A job was asked to stop (the process is shutting down: a rolling update, a node drain) and stopped after an
 * optimiser step, with the state to continue from that step; or before it started, with no state.
 */
public final class TrainingStopped extends RuntimeException {
    private final transient ResumeState state;

    public TrainingStopped(String message, ResumeState state) {
        super(message);
        this.state = state;
    }

    /** Where the job continues after a restart; null when it stopped before training anything. */
    public ResumeState state() {
        return state;
    }
}
