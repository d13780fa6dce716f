package io.ferperturb.trainer.service;

import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs an admin asked to cancel: a running one stops after its current optimiser step, a queued one never
 * starts. The replica that answers {@code DELETE /jobs/{id}} notes it in memory and in S3
 * ({@code models/_cancellations/{jobId}.json}); the replica that trains the job looks there while it renews its
 * claim, so a job stops whichever replica was asked. The job record says {@code cancelled} once the job has stopped.
 */
@ApplicationScoped
public class JobCancellations {
    private static final String FOLDER = "_cancellations/";

    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final ObjectStore store;
    private final StorageLayout layout;

    JobCancellations(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    void request(String jobId) {
        requested.add(jobId);
        store.putJson(key(jobId), Map.of("jobId", jobId, "requestedAt", Instant.now().toString()));
    }

    /** Checked at every optimiser step: memory only. */
    boolean requested(String jobId) {
        return requested.contains(jobId);
    }

    /** Picks up a cancellation asked of another replica (called while this one trains the job). */
    void refresh(String jobId) {
        try {
            if (!requested.contains(jobId) && store.exists(key(jobId))) {
                Log.infof("job %s: cancellation asked of another replica", jobId);
                requested.add(jobId);
            }
        } catch (RuntimeException e) {
            Log.warnf("job %s: looking for a cancellation failed (%s); it is tried again", jobId, e.getMessage());
        }
    }

    void done(String jobId) {
        requested.remove(jobId);
        try {
            store.delete(key(jobId));
        } catch (RuntimeException e) {
            Log.warnf("job %s: removing its cancellation note failed (%s)", jobId, e.getMessage());
        }
    }

    private S3Uri key(String jobId) {
        return S3Uri.of(layout.modelsBucket(), FOLDER + jobId + ".json");
    }
}
