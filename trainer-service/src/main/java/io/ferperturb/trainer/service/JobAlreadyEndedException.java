package io.ferperturb.trainer.service;

import io.ferperturb.commons.ApiException;

/** A cancellation of a job that has ended already (409). */
public class JobAlreadyEndedException extends ApiException {
    public JobAlreadyEndedException(String jobId, String state) {
        super(409, "job-ended", "job " + jobId + " has " + ("cancelled".equals(state) ? "been cancelled" : state)
                + " already; there is nothing to cancel");
    }
}
