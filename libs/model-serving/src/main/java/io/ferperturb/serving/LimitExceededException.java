package io.ferperturb.serving;

import io.ferperturb.commons.ApiException;

/**
 * A request that asks for more than one request may (models, inputs, samples); 413, the message names the limit
 * and the setting that raises it.
 */
public class LimitExceededException extends ApiException {
    public LimitExceededException(String message) {
        super(413, "limit-exceeded", message);
    }

    /**
     * @throws LimitExceededException when {@code count} is above {@code max}
     */
    public static void check(String what, long count, long max, String setting) {
        if (count > max) {
            throw new LimitExceededException("the request asks for " + count + " " + what + "; at most " + max
                    + " are allowed per request (" + setting + ")");
        }
    }
}
