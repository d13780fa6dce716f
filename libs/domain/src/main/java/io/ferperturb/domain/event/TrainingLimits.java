package io.ferperturb.domain.event;

/**
 * Caps on the training one request may ask for, so that one call cannot queue weeks of work on a shared
 * cluster: the trainer applies them to {@code POST /jobs} and to every dataset-ready event, the perturb-service
 * to uploads and experiments before it sends one. Each refusal names the setting that would allow it.
 *
 * @param maxEpochs    epochs of any one job
 * @param maxBatchSize images per optimiser step
 * @param maxJobs      jobs one request (an event, an experiment) asks for
 * @param keyPrefix    where the settings live, e.g. {@code fer.trainer.limits}; property names are
 *                     {@code max-epochs}, {@code max-batch-size} and {@code max-jobs}
 */
public record TrainingLimits(int maxEpochs, int maxBatchSize, int maxJobs, String keyPrefix) {

    public TrainingLimits {
        if (maxEpochs < 1 || maxBatchSize < 1 || maxJobs < 1) {
            throw new IllegalArgumentException(keyPrefix + ".* are positive, got max-epochs " + maxEpochs
                    + ", max-batch-size " + maxBatchSize + ", max-jobs " + maxJobs);
        }
    }

    /** @throws LimitExceededException if {@code epochs} (null: a default) is over the cap */
    public void checkEpochs(String field, Integer epochs) {
        if (epochs != null) {
            atMost(field, epochs, maxEpochs, "max-epochs");
        }
    }

    /** @throws LimitExceededException if {@code batchSize} (null: a default) is over the cap */
    public void checkBatchSize(String field, Integer batchSize) {
        if (batchSize != null) {
            atMost(field, batchSize, maxBatchSize, "max-batch-size");
        }
    }

    /** @throws LimitExceededException if {@code jobs} training jobs are more than one request may ask for */
    public void checkJobs(String what, long jobs) {
        atMost(what, jobs, maxJobs, "max-jobs");
    }

    /** @throws LimitExceededException naming {@code what}, the cap and its setting if {@code value > max} */
    public void atMost(String what, long value, long max, String property) {
        if (value > max) {
            throw new LimitExceededException(what + " is at most " + max + " on this server (setting " + keyPrefix + "."
                    + property + "), got " + value);
        }
    }
}
