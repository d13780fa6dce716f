package io.ferperturb.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs an admin asked to cancel: a running one stops after its current optimiser step, a queued one never
 * starts. Kept in memory by the replica that answered {@code DELETE /jobs/{id}}; the job record says
 * {@code cancelled} once the job has stopped.
 */
@ApplicationScoped
public class JobCancellations {
    private final Set<String> requested = ConcurrentHashMap.newKeySet();

    void request(String jobId) {
        requested.add(jobId);
    }

    boolean requested(String jobId) {
        return requested.contains(jobId);
    }

    void done(String jobId) {
        requested.remove(jobId);
    }
}
