package io.ferperturb.trainer.training;

/**
 * Everything needed to continue a job after its last finished epoch: parameters and optimiser state
 * (encoded DJL NDLists, in the block's parameter order), and the learning-rate schedule's state.
 */
public record ResumeState(int epoch, float learningRate, double bestValidation, int badEpochs, byte[] parameters,
        byte[] optimizer) {
}
