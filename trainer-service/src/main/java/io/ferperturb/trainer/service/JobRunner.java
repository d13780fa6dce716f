package io.ferperturb.trainer.service;

import io.ferperturb.storage.StorageException;
import io.ferperturb.trainer.JobRecord;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.training.TrainingStopped;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs the training jobs this replica receives, one at a time (its devices train each job together). A job runs
 * only under this replica's claim on it ({@link JobLeases}): while another replica holds a live claim, this one waits
 * until that job has ended (nothing to do) or the claim has lapsed (its replica died: this one takes the job over and
 * resumes it from its last checkpoint). A job received again while it runs here joins the run in progress.
 */
@ApplicationScoped
public class JobRunner {
    private final TrainingService training;
    private final JobStore jobs;
    private final JobLeases leases;
    private final GracefulStop stop;
    private final JobCancellations cancellations;
    private final Duration retry;
    private final Map<String, CompletableFuture<Void>> inFlight = new HashMap<>(); // guarded by this
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "training-jobs");
        thread.setDaemon(true); // a job in progress resumes from its checkpoint on whichever replica takes it next
        return thread;
    });

    JobRunner(TrainingService training, JobStore jobs, JobLeases leases, GracefulStop stop,
            JobCancellations cancellations) {
        this.training = training;
        this.jobs = jobs;
        this.leases = leases;
        this.stop = stop;
        this.cancellations = cancellations;
        long millis = leases.duration().toMillis() / 10;
        this.retry = Duration.ofMillis(Math.max(200, Math.min(5_000, millis)));
    }

    /**
     * @return completes when the job has ended (here or on another replica); fails with {@link TrainingStopped} when
     *         this replica is shutting down before that
     */
    public synchronized CompletableFuture<Void> submit(TrainingJob job) {
        CompletableFuture<Void> running = inFlight.get(job.jobId());
        if (running != null) {
            return running;
        }
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> runToEnd(job), worker);
        inFlight.put(job.jobId(), run);
        run.whenComplete((done, failure) -> forget(job.jobId(), run));
        return run;
    }

    private synchronized void forget(String jobId, CompletableFuture<Void> run) {
        inFlight.remove(jobId, run);
    }

    private void runToEnd(TrainingJob job) {
        String waitingFor = null;
        while (true) {
            Optional<JobRecord> record = jobs.find(job.jobId());
            if (record.isPresent() && record.get().ended()) {
                Log.infof("job %s is %s; nothing to do", job.jobId(), record.get().state());
                return;
            }
            if (stop.requested()) {
                throw new TrainingStopped("job " + job.jobId() + " not started: the trainer is shutting down", null);
            }
            Optional<JobLease> lease;
            try {
                lease = leases.claim(job.jobId());
            } catch (StorageException e) {
                Log.warnf("job %s: claiming it failed (%s); trying again", job.jobId(), e.getMessage());
                pause();
                continue;
            }
            if (lease.isEmpty()) {
                String holder = leases.newest(job.jobId()).map(c -> c.replica() + " (attempt " + c.attempt() + ")")
                        .orElse("another replica");
                if (!holder.equals(waitingFor)) {
                    Log.infof("job %s is held by %s; waiting until it ends or the claim lapses", job.jobId(), holder);
                    waitingFor = holder;
                }
                pause();
                continue;
            }
            ScheduledFuture<?> renewing = leases.keepRenewing(lease.get(), () -> cancellations.refresh(job.jobId()));
            try {
                training.run(job, lease.get());
                return;
            } catch (LeaseLostException lost) {
                waitingFor = null; // the new owner finishes it, or this replica takes it back if that one dies too
            } finally {
                renewing.cancel(false);
                lease.get().release();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(retry.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingStopped("interrupted while waiting for a job's claim", null);
        }
    }

    @PreDestroy
    void shutdown() {
        worker.shutdownNow();
    }
}
