package io.ferperturb.trainer.service;

import io.ferperturb.storage.ObjectStore;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.time.Instant;

/**
 * One replica's claim on one job: attempt {@code attempt} of the job, the fencing token. While it is held the replica
 * renews it; before every write that matters (job record, epoch checkpoint, final checkpoint) it {@link #verify()}s
 * that no newer attempt exists and that its own claim has not run out, so a replica that was taken over stops
 * instead of writing.
 */
public final class JobLease {
    private final JobLeases leases;
    private final ObjectStore store;
    private final String jobId;
    private final int attempt;
    private final String replica;
    private final Duration duration;
    private volatile Instant expiresAt;
    private volatile boolean lost;

    JobLease(JobLeases leases, ObjectStore store, JobLeases.Claim claim, Duration duration) {
        this.leases = leases;
        this.store = store;
        this.jobId = claim.jobId();
        this.attempt = claim.attempt();
        this.replica = claim.replica();
        this.expiresAt = claim.expiresAt();
        this.duration = duration;
    }

    public String jobId() {
        return jobId;
    }

    public int attempt() {
        return attempt;
    }

    public String replica() {
        return replica;
    }

    /** Whether another replica has taken the job over; the training loop stops after its current step then. */
    public boolean lost() {
        return lost;
    }

    /** Extends the claim, unless a newer attempt exists: then the claim is lost. */
    void renew() {
        if (lost) {
            return;
        }
        try {
            if (!stillNewest()) {
                return;
            }
            Instant next = Instant.now().plus(duration);
            store.putJson(leases.key(jobId, attempt), new JobLeases.Claim(jobId, attempt, replica, next));
            expiresAt = next;
        } catch (RuntimeException e) {
            Log.warnf("job %s: renewing the claim failed (%s); it is tried again", jobId, e.getMessage());
        }
    }

    /**
     * @throws LeaseLostException when another replica has taken the job over, or this claim has had no renewal for
     *                            three quarters of its duration (a write now could race a takeover)
     */
    public void verify() {
        if (lost || !stillNewest()) {
            throw new LeaseLostException("job " + jobId + " was taken over by another replica (attempt " + attempt
                    + " of " + replica + " is not the newest)");
        }
        if (Instant.now().isAfter(expiresAt.minus(duration.dividedBy(4)))) {
            lost = true;
            throw new LeaseLostException("job " + jobId + ": the claim of " + replica + " could not be renewed in time");
        }
    }

    /** Lets another replica take the job on at once (a stopping replica, a job that has ended). */
    public void release() {
        try {
            if (!lost && stillNewest()) {
                store.putJson(leases.key(jobId, attempt), new JobLeases.Claim(jobId, attempt, replica, Instant.now()));
            }
        } catch (RuntimeException e) {
            Log.warnf("job %s: releasing the claim failed (%s); it lapses by itself", jobId, e.getMessage());
        }
    }

    private boolean stillNewest() {
        int newest = leases.newest(jobId).map(JobLeases.Claim::attempt).orElse(0);
        if (newest != attempt) {
            lost = true;
        }
        return !lost;
    }
}
