package io.ferperturb.trainer.training;

/** Hears about a job's progress; the service turns this into training-progress events and logs. */
public interface TrainingListener {
    void onStep(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond, double etaSeconds);

    void onEpoch(EpochSummary summary);

    /** Numbers of one finished epoch. */
    record EpochSummary(int epoch, int epochs, double trainLoss, double trainAccuracy, double validationAccuracy,
            double imagesPerSecond, double dataWaitShare, double etaSeconds) {
    }
}
