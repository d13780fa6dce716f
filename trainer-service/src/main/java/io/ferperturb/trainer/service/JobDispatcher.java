package io.ferperturb.trainer.service;

import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.trainer.TrainingJob;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Shares a dataset-ready event's jobs out among the trainer replicas: each job that has not ended becomes one
 * {@code training-jobs} record. The records go to consecutive partitions, starting at one derived from the event id:
 * the consumer group's round-robin assignment gives consecutive partitions to different replicas, so an event's jobs
 * are spread evenly (8 jobs over 2 replicas: 4 and 4), and a repeated event puts each job on the partition it had.
 */
@ApplicationScoped
public class JobDispatcher {
    private final TrainingService training;
    private final JobStore jobs;
    private final EventPublisher events;

    JobDispatcher(TrainingService training, JobStore jobs, EventPublisher events) {
        this.training = training;
        this.jobs = jobs;
        this.events = events;
    }

    /**
     * Registers the event's jobs (queued) and publishes a record for each that has not ended; returns once the
     * broker has them all.
     *
     * @throws io.ferperturb.domain.event.InvalidEventException when the event cannot be trained on
     */
    public void dispatch(DatasetReady event) {
        List<TrainingJob> planned = training.accept(event);
        int partitions = events.trainingJobPartitions();
        int first = firstPartition(event.eventId(), partitions);
        int published = 0;
        for (int i = 0; i < planned.size(); i++) {
            TrainingJob job = planned.get(i);
            if (jobs.find(job.jobId()).map(r -> r.ended()).orElse(false)) {
                continue; // a repeated event: this job is done
            }
            events.trainingJob(job, partition(first, i, partitions));
            published++;
        }
        Log.infof("dataset-ready %s: %d of its %d jobs handed out on %d partitions from %d", event.eventId(), published,
                planned.size(), partitions, first);
    }

    static int firstPartition(String eventId, int partitions) {
        return Math.floorMod(eventId.hashCode(), partitions);
    }

    /** The partition of the event's job {@code index}. */
    static int partition(int first, int index, int partitions) {
        return (first + index) % partitions;
    }
}
