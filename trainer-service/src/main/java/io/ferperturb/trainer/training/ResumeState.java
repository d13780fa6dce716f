package io.ferperturb.trainer.training;

/**
 * Everything needed to continue a job: parameters and optimiser state (encoded DJL NDLists, in the block's
 * parameter order) and the learning-rate schedule's state, after {@code epoch} finished epochs and {@code step}
 * optimiser steps of the next one (0 at an epoch's end; more when the job was stopped in the middle of an
 * epoch, which then continues with its step {@code step + 1}).
 */
public record ResumeState(int epoch, float learningRate, double bestValidation, int badEpochs, byte[] parameters,
        byte[] optimizer, int step) {

    /** The state at the end of an epoch. */
    public ResumeState(int epoch, float learningRate, double bestValidation, int badEpochs, byte[] parameters,
            byte[] optimizer) {
        this(epoch, learningRate, bestValidation, badEpochs, parameters, optimizer, 0);
    }

    /** Whether the job stopped in the middle of epoch {@code epoch + 1}. */
    public boolean midEpoch() {
        return step > 0;
    }
}
