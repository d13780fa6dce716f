package io.ferperturb.saliency;

/** The request names a dataset that is not in the datasets bucket (404). */
public class UnknownDatasetException extends RuntimeException {
    public UnknownDatasetException(String message) {
        super(message);
    }
}
