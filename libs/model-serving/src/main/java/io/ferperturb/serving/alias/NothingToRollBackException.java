package io.ferperturb.serving.alias;

import io.ferperturb.commons.ApiException;

/** A rollback of an alias that has no earlier target (409). */
public class NothingToRollBackException extends ApiException {
    public NothingToRollBackException(String message) {
        super(409, "nothing-to-roll-back", message);
    }
}
