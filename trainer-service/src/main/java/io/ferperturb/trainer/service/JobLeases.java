package io.ferperturb.trainer.service;

import io.ferperturb.commons.Replicas;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.trainer.config.TrainerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Which replica runs a job, so that a job never runs on two at once. Each time a replica takes a job on it creates
 * the job's next attempt, {@code models/_leases/{jobId}/{attempt}.json}, with a conditional write
 * ({@code If-None-Match: *}): of replicas racing for the same attempt exactly one succeeds. The newest attempt is the
 * job's owner; its claim lasts {@code fer.trainer.lease-duration} and is renewed every third of that while the job
 * trains. Another replica takes the job on only once the newest claim has lapsed (its replica died, or was drained
 * and released it), and the attempt number fences the old owner out: it checks before every write.
 */
@ApplicationScoped
public class JobLeases {
    private static final String FOLDER = "_leases/";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final Duration duration;
    private final String replica;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "job-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    /** One attempt at a job, as stored: who, and until when unless renewed. */
    record Claim(String jobId, int attempt, String replica, Instant expiresAt) {
        boolean heldBy(String other, Instant now) {
            return !replica.equals(other) && expiresAt.isAfter(now);
        }
    }

    @Inject
    JobLeases(ObjectStore store, StorageLayout layout, TrainerConfig config) {
        this(store, layout, config.trainer().leaseDuration(), Replicas.processId());
    }

    /** A replica with its own id and claim duration (tests race several in one process). */
    public JobLeases(ObjectStore store, StorageLayout layout, Duration duration, String replica) {
        this.store = store;
        this.layout = layout;
        this.duration = duration;
        this.replica = replica;
    }


    public String replica() {
        return replica;
    }

    public Duration duration() {
        return duration;
    }

    /**
     * Takes the job on as its next attempt.
     *
     * @return the claim won; empty when another replica holds a live claim or won the race for this attempt
     */
    public Optional<JobLease> claim(String jobId) {
        Optional<Claim> newest = newest(jobId);
        if (newest.isPresent() && newest.get().heldBy(replica, Instant.now())) {
            return Optional.empty();
        }
        Claim claim = new Claim(jobId, newest.map(Claim::attempt).orElse(0) + 1, replica, Instant.now().plus(duration));
        return store.putJsonIfAbsent(key(jobId, claim.attempt()), claim)
                ? Optional.of(new JobLease(this, store, claim, duration)) : Optional.empty();
    }

    /** Who holds the job now, if anyone has ever taken it on. */
    public Optional<Claim> newest(String jobId) {
        // only whole claims: an S3 server writing to a file system may list an object still being written under a
        // temporary name next to it ({key}-{uuid})
        return store.list(folder(jobId)).stream().filter(k -> k.matches(".*/\\d{10}\\.json"))
                .max(Comparator.naturalOrder())
                .map(k -> store.getJson(S3Uri.of(layout.modelsBucket(), k), Claim.class));
    }

    /**
     * Renews the claim every third of its duration until the returned handle is cancelled, running {@code alongside}
     * after each renewal.
     */
    ScheduledFuture<?> keepRenewing(JobLease lease, Runnable alongside) {
        long period = Math.max(1, duration.toMillis() / 3);
        return renewals.scheduleAtFixedRate(() -> {
            lease.renew();
            alongside.run();
        }, period, period, TimeUnit.MILLISECONDS);
    }

    S3Uri key(String jobId, int attempt) {
        return folder(jobId).resolve(String.format("%010d.json", attempt));
    }

    private S3Uri folder(String jobId) {
        return S3Uri.of(layout.modelsBucket(), FOLDER + jobId + "/");
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }
}
