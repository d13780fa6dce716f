package io.ferperturb.saliency;

import io.ferperturb.commons.ApiException;

/** The request names a dataset that is not in the datasets bucket (404). */
public class UnknownDatasetException extends ApiException {
    public UnknownDatasetException(String message) {
        super(404, "unknown-dataset", message);
    }
}
