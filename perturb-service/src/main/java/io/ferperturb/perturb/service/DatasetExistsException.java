package io.ferperturb.perturb.service;

import io.ferperturb.commons.ApiException;

/** A dataset id is taken; datasets are immutable so that events and checkpoints keep meaning one thing. */
public class DatasetExistsException extends ApiException {
    public DatasetExistsException(String datasetId) {
        super(409, "dataset-exists", "dataset '" + datasetId + "' exists already; datasets are immutable, so upload under a new id "
                + "(or pass ?replace=true to overwrite it)");
    }
}
