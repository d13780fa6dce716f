package io.ferperturb.trainer.service;

import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.commons.EventSender;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.domain.event.TrainingProgress;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** The trainer's outgoing events, each keyed as the contract says. */
@ApplicationScoped
public class EventPublisher {
    private final Emitter<String> checkpoints;
    private final Emitter<String> progress;
    private final Emitter<String> datasets;

    EventPublisher(@Channel(Topics.CHECKPOINT_READY) Emitter<String> checkpoints,
            @Channel(Topics.TRAINING_PROGRESS) Emitter<String> progress,
            @Channel("dataset-ready-out") Emitter<String> datasets) {
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.datasets = datasets;
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
