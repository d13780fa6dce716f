package io.ferperturb.inference.predict;

/** The batching queue is full (503): more requests arrive than the model can answer. */
public class BatcherFullException extends RuntimeException {
    public BatcherFullException(String message) {
        super(message);
    }
}
