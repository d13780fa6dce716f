package io.ferperturb.domain.event;

/** Kafka topic names of the event contract, and the dead-letter naming rule. */
public final class Topics {
    public static final String DATASET_READY = "dataset-ready";
    public static final String CHECKPOINT_READY = "checkpoint-ready";
    public static final String TRAINING_PROGRESS = "training-progress";
    /** Serving aliases moved by an admin; every serving replica swaps on it. */
    public static final String MODEL_ALIASES = "model-aliases";
    /**
     * Internal to the trainers: one record per training job (key: job id), consumed by every trainer replica in the
     * consumer group {@code trainer-jobs}; its partitions are how the jobs are shared out.
     */
    public static final String TRAINING_JOBS = "training-jobs";
    /** The serving replicas' opt-in prediction log: one record per answered face (key: request id). */
    public static final String PREDICTIONS = "predictions";

    private Topics() {
    }

    /** {@code dataset-ready} → {@code dataset-ready.dlq}. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic the system uses, dead-letter topics included (for creating them up front). */
    public static java.util.List<String> all() {
        return java.util.List.of(DATASET_READY, CHECKPOINT_READY, TRAINING_PROGRESS, MODEL_ALIASES, TRAINING_JOBS,
                PREDICTIONS, deadLetter(DATASET_READY), deadLetter(CHECKPOINT_READY), deadLetter(MODEL_ALIASES),
                deadLetter(TRAINING_JOBS), deadLetter(PREDICTIONS));
    }
}
