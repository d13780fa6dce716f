package io.ferperturb.trainer.service;

import io.ferperturb.domain.event.DatasetReady;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The trainer's queue: events are accepted in the order they arrive, their jobs are listed as
 * {@code queued} at once, and one worker thread trains them one event after another (one job at a
 * time per device). The queue itself is the {@code dataset-ready} topic: an event is acknowledged
 * only when its jobs have ended, so after a restart the uncommitted ones arrive again and the jobs
 * that had ended are skipped.
 */
@ApplicationScoped
public class TrainingQueue {
    private final TrainingService training;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "training-queue");
        thread.setDaemon(true); // a job in progress resumes from its epoch checkpoint after a restart
        return thread;
    });

    TrainingQueue(TrainingService training) {
        this.training = training;
    }

    /**
     * Lists the event's jobs as queued now and trains them after every event accepted before.
     *
     * @return completes when the event's jobs have ended; fails with {@link InvalidEventException}
     *         when the event cannot be trained on
     */
    public CompletableFuture<Void> accept(DatasetReady event) {
        training.register(event);
        return CompletableFuture.runAsync(() -> training.handle(event), worker);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
