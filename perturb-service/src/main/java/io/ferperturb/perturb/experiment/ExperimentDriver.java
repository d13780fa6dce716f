package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.TrainingProgress;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The one thread that changes experiments, in front of the {@link ExperimentStateMachine}. After a start it first
 * reloads the stored experiments (retrying while storage is unreachable), and the trainer's events wait for that:
 * an event that arrived before its experiment was known again would otherwise be skipped as someone else's and
 * its offset committed, losing it. A stored change (an epoch's end, a job's end) is applied before the consumer's
 * call returns, so its offset is committed only after the change is durable.
 */
final class ExperimentDriver implements AutoCloseable {
    private static final Duration RELOAD_RETRY = Duration.ofSeconds(2);

    private final ExperimentStateMachine machine;
    private final Supplier<List<Experiment>> stored;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "experiment-driver"));
    private final CompletableFuture<Void> reloaded = new CompletableFuture<>();

    ExperimentDriver(ExperimentStateMachine machine, Supplier<List<Experiment>> stored) {
        this.machine = machine;
        this.stored = stored;
    }

    /** Reloads the stored experiments and moves the unfinished ones on; events wait until this is done. */
    void reload() {
        thread.submit(() -> {
            while (!reloaded.isDone()) {
                try {
                    stored.get().forEach(machine::resume);
                    reloaded.complete(null);
                } catch (RuntimeException e) {
                    Log.warnf("reloading the stored experiments failed (%s); trying again in %s", e.getMessage(),
                            RELOAD_RETRY);
                    try {
                        Thread.sleep(RELOAD_RETRY.toMillis());
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        });
    }

    /** Takes on a new experiment (already stored), after the reload. */
    void start(Experiment created) {
        thread.submit(() -> machine.start(created));
    }

    Optional<Experiment> live(String id) {
        return machine.live(id);
    }

    /** A training-progress event: per step in memory (not waited for), per epoch and job end stored first. */
    void onProgress(TrainingProgress p) {
        awaitReload();
        if (!machine.tracksJob(p.jobId())) {
            return;
        }
        if (ExperimentStateMachine.isDurable(p)) {
            onThread(() -> machine.onProgress(p));
        } else {
            thread.submit(() -> machine.onProgress(p)); // a step's numbers are for live display only
        }
    }

    /** A checkpoint-ready event: a final checkpoint ends one of our jobs. */
    void onCheckpoint(CheckpointReady c) {
        awaitReload();
        if (c.isFinal() && machine.tracksJob(c.jobId())) {
            onThread(() -> machine.onCheckpoint(c));
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void awaitReload() {
        try {
            reloaded.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the stored experiments were reloaded", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("reloading the stored experiments failed", e.getCause());
        }
    }

    /** Runs on the driver thread and waits, so a consumer commits its offset only after the change is stored. */
    private void onThread(Runnable change) {
        Future<?> done = thread.submit(change);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating an experiment", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("updating an experiment failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
