package io.ferperturb.perturb.service;

import io.ferperturb.commons.ApiException;

/** A dataset exists but has no such figure or file yet (404, saying how to make it). */
public class ArtifactNotFoundException extends ApiException {
    public ArtifactNotFoundException(String message) {
        super(404, "not-computed", message);
    }
}
