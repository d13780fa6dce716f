package io.ferperturb.perturb.service;

/** No dataset with this id (404). */
public class UnknownDatasetException extends RuntimeException {
    public UnknownDatasetException(String datasetId) {
        super("no dataset '" + datasetId + "'; GET /datasets lists them");
    }
}
