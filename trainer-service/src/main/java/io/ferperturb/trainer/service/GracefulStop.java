package io.ferperturb.trainer.service;

import io.ferperturb.trainer.config.TrainerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Stopping without losing the epoch in progress. On shutdown (every rolling update and node drain sends SIGTERM)
 * the running job is asked to stop after its current optimiser step; the shutdown waits, up to
 * {@code fer.trainer.stop-timeout}, until it has saved where it got to. Its {@code training-jobs} record stays
 * unacknowledged and its claim is released, so the replica that gets the partition next continues the job from
 * that step.
 */
@ApplicationScoped
public class GracefulStop {
    private final Duration timeout;
    private volatile boolean requested;
    private int running; // guarded by this

    GracefulStop(TrainerConfig config) {
        this.timeout = config.trainer().stopTimeout();
    }

    /** Whether the process is shutting down: jobs stop after their current step, queued ones do not start. */
    public boolean requested() {
        return requested;
    }

    /** A job starts training (paired with {@link #ended()}). */
    synchronized void started() {
        running++;
    }

    /** A job stopped, failed or finished, and saved what it had to. */
    synchronized void ended() {
        running--;
        notifyAll();
    }

    /** Early among the shutdown observers: before the Kafka connector and the beans the job uses go away. */
    void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
        requested = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            if (running > 0) {
                Log.infof("shutting down: asking the running job to stop after its current step and save (up to %s)",
                        timeout);
            }
            try {
                while (running > 0 && System.nanoTime() < deadline) {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running > 0) {
                Log.warnf("the running job did not stop within %s; it resumes from its last saved epoch", timeout);
            }
        }
    }
}
