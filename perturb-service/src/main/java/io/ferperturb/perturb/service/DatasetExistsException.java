package io.ferperturb.perturb.service;

/** A dataset id is taken; datasets are immutable so that events and checkpoints keep meaning one thing. */
public class DatasetExistsException extends RuntimeException {
    public DatasetExistsException(String datasetId) {
        super("dataset '" + datasetId + "' exists already; datasets are immutable, so upload under a new id "
                + "(or pass ?replace=true to overwrite it)");
    }
}
