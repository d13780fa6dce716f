package io.ferperturb.inference.predict;

import io.ferperturb.commons.ApiException;

/** The batching queue is full (503, with {@code Retry-After}): more requests arrive than the model can answer. */
public class BatcherFullException extends ApiException {
    public BatcherFullException(String message) {
        super(503, "overloaded", message, 1);
    }
}
