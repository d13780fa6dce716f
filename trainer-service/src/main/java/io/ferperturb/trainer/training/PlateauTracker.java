package io.ferperturb.trainer.training;

import ai.djl.training.tracker.ParameterTracker;

/**
 * ReduceLROnPlateau in mode "max" as in the authors' code: when the validation accuracy has not
 * improved for more than {@code patience} epochs, the learning rate is multiplied by {@code factor}.
 */
public final class PlateauTracker implements ParameterTracker {
    private final float factor;
    private final int patience;
    private volatile float learningRate;
    private double best = Double.NEGATIVE_INFINITY;
    private int badEpochs;

    public PlateauTracker(float learningRate, float factor, int patience) {
        this.learningRate = learningRate;
        this.factor = factor;
        this.patience = patience;
    }

    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        return learningRate;
    }

    /** Called once per epoch with the validation accuracy; returns the learning rate for the next one. */
    public float onEpoch(double validationAccuracy) {
        if (validationAccuracy > best * (1 + 1e-4)) { // PyTorch's default relative threshold
            best = validationAccuracy;
            badEpochs = 0;
        } else if (++badEpochs > patience) {
            learningRate *= factor;
            badEpochs = 0;
        }
        return learningRate;
    }

    public float learningRate() {
        return learningRate;
    }

    public double best() {
        return best;
    }

    public int badEpochs() {
        return badEpochs;
    }

    /** Continues from a saved state (resuming a job). */
    public void restore(float rate, double bestSoFar, int bad) {
        this.learningRate = rate;
        this.best = bestSoFar;
        this.badEpochs = bad;
    }
}
