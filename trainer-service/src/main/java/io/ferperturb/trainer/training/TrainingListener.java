package io.ferperturb.trainer.training;

import ai.djl.Model;

/** Hears about a job's progress; the service turns this into events, logs and checkpoints. */
public interface TrainingListener {
    void onStep(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond, double etaSeconds);

    void onEpoch(EpochSummary summary);

    /** After every epoch: the model as it is now and the state to resume from. Default: keep nothing. */
    default void onCheckpoint(int epoch, Model model, ResumeState state) {
    }

    /** Numbers of one finished epoch. */
    record EpochSummary(int epoch, int epochs, double trainLoss, double trainAccuracy, double validationAccuracy,
            double learningRate, double imagesPerSecond, double dataWaitShare, double etaSeconds) {
    }
}
