package io.ferperturb.perturb.service;

import io.ferperturb.commons.ApiException;

/** {@code POST /datasets/{id}/import} names an S3 location that cannot be imported from (400). */
public class InvalidImportException extends ApiException {
    public InvalidImportException(String message) {
        super(400, "invalid-import", message);
    }
}
