package io.ferperturb.trainer.service;

import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.commons.EventSender;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.domain.event.TrainingProgress;
import io.ferperturb.trainer.TrainingJob;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** The trainer's outgoing events, each keyed as the contract says. */
@ApplicationScoped
public class EventPublisher {
    private final Emitter<String> checkpoints;
    private final Emitter<String> progress;
    private final Emitter<String> datasets;
    private final Emitter<String> trainingJobs;
    private final KafkaClientService kafka;

    /** The outgoing channel of {@code training-jobs}. */
    public static final String TRAINING_JOBS_OUT = "training-jobs-out";

    EventPublisher(@Channel(Topics.CHECKPOINT_READY) Emitter<String> checkpoints,
            @Channel(Topics.TRAINING_PROGRESS) Emitter<String> progress,
            @Channel("dataset-ready-out") Emitter<String> datasets,
            @Channel(TRAINING_JOBS_OUT) Emitter<String> trainingJobs, KafkaClientService kafka) {
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.datasets = datasets;
        this.trainingJobs = trainingJobs;
        this.kafka = kafka;
    }

    /** Hands a job to the replicas: one {@code training-jobs} record, keyed by job id; waits for the broker. */
    public void trainingJob(TrainingJob job, int partition) {
        EventSender.send(trainingJobs, job.jobId(), partition, job);
    }

    /** How many partitions {@code training-jobs} has, as the broker says. */
    public int trainingJobPartitions() {
        return kafka.getProducer(TRAINING_JOBS_OUT).partitionsFor(Topics.TRAINING_JOBS).await()
                .atMost(Duration.ofSeconds(30)).size();
    }

    /** Waits for the broker: callers publish this only after the checkpoint is in S3. */
    public void checkpointReady(CheckpointReady event) {
        EventSender.send(checkpoints, event.modelId(), event);
    }

    public void progress(TrainingProgress event) {
        EventSender.sendAsync(progress, event.jobId(), event);
    }

    /** For {@code POST /jobs}: users without Kafka tools trigger training through the trainer. */
    public void datasetReady(DatasetReady event) {
        EventSender.send(datasets, event.datasetId(), event);
    }
}
