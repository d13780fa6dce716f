package io.ferperturb.perturb.removal;

import io.ferperturb.commons.ApiException;

/** A removal of something another stored thing still uses (409), naming what uses it. */
public class InUseException extends ApiException {
    public InUseException(String message) {
        super(409, "in-use", message);
    }
}
