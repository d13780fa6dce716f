package io.ferperturb.perturb.service;

import io.ferperturb.commons.ApiException;

/** No dataset with this id (404). */
public class UnknownDatasetException extends ApiException {
    public UnknownDatasetException(String datasetId) {
        super(404, "unknown-dataset", "no dataset '" + datasetId + "'; GET /datasets lists them");
    }
}
