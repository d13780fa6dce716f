package io.ferperturb.perturb.service;

/** A dataset exists but has no such figure or file yet (404, saying how to make it). */
public class ArtifactNotFoundException extends RuntimeException {
    public ArtifactNotFoundException(String message) {
        super(message);
    }
}
