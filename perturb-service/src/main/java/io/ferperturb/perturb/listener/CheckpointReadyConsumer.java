package io.ferperturb.perturb.listener;

import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.Events;
import io.ferperturb.storage.EventUris;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.perturb.experiment.ExperimentService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code checkpoint-ready}: a final checkpoint ends an experiment's job and carries its metrics
 * and evaluations. Bad records go to {@code checkpoint-ready.dlq}, and so do checkpoints outside the models
 * bucket: an experiment reads attention and evaluations only from where its trainer writes.
 */
@ApplicationScoped
public class CheckpointReadyConsumer {
    public static final String CHANNEL = "checkpoint-ready-in";

    private final ExperimentService experiments;
    private final StorageLayout layout;

    CheckpointReadyConsumer(ExperimentService experiments, StorageLayout layout) {
        this.experiments = experiments;
        this.layout = layout;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onCheckpoint(String json) {
        CheckpointReady event = Events.parseCheckpointReady(json);
        EventUris.inBucket(event.uri(), layout.modelsBucket(), "uri");
        experiments.onCheckpoint(event);
    }
}
