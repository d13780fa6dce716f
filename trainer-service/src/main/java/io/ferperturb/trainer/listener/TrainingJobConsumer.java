package io.ferperturb.trainer.listener;

import io.ferperturb.domain.Json;
import io.ferperturb.trainer.TrainingJob;
import io.ferperturb.trainer.service.JobRunner;
import io.ferperturb.trainer.service.JobStore;
import io.ferperturb.trainer.training.TrainingStopped;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code training-jobs} in the consumer group {@code trainer-jobs}, which every trainer replica joins: each
 * replica trains the jobs of the partitions it is assigned, one at a time. A record is acknowledged (its offset
 * committed) only when its job has ended, here or on another replica; a replica that stops or dies leaves it
 * unacknowledged, so whichever replica gets the partition next resumes the job from its checkpoint. A record that
 * is not a job is nacked and goes to {@code training-jobs.dlq}.
 */
@ApplicationScoped
public class TrainingJobConsumer {
    /** The incoming channel (and topic) name; tests reuse it. */
    public static final String CHANNEL = "training-jobs";

    private final JobRunner runner;

    TrainingJobConsumer(JobRunner runner) {
        this.runner = runner;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @Blocking // ordered: the next record is taken once this one's job has ended, so a replica prefetches little
    public CompletionStage<Void> onTrainingJob(Message<String> message) {
        TrainingJob job;
        try {
            job = parse(message.getPayload());
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        return runner.submit(job).handle((done, failure) -> {
            Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
            if (failure == null) {
                message.ack();
            } else if (cause instanceof TrainingStopped) {
                // shutting down: neither done nor bad; unacknowledged, the job comes again to the next replica
                Log.infof("training-jobs record of job %s left unacknowledged: %s", job.jobId(), cause.getMessage());
            } else {
                Log.errorf(cause, "job %s could not be run", job.jobId());
                message.nack(cause);
            }
            return null;
        });
    }

    private static TrainingJob parse(String payload) {
        TrainingJob job = Json.read(payload == null ? new byte[0] : payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TrainingJob.class);
        if (job == null || job.jobId() == null || !JobStore.JOB_ID.matcher(job.jobId()).matches() || job.eventId() == null || job.datasetUri() == null
                || job.modelId() == null || job.hyperparameters() == null || job.hyperparameters().architecture() == null) {
            throw new IllegalArgumentException("not a training job: jobId, eventId, datasetUri, modelId and "
                    + "architecture are required");
        }
        return job;
    }
}
