package io.ferperturb.serving;

import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.Events;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code checkpoint-ready} and hot-swaps the served model. Every replica has its own consumer
 * group, so each one hears every checkpoint; bad records go to {@code checkpoint-ready.dlq}.
 */
@ApplicationScoped
public class CheckpointReadyConsumer {
    public static final String CHANNEL = "checkpoint-ready";

    private final ModelRegistry registry;

    CheckpointReadyConsumer(ModelRegistry registry) {
        this.registry = registry;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onCheckpoint(String json) {
        CheckpointReady event = Events.parseCheckpointReady(json);
        Log.infof("checkpoint-ready %s v%d (final: %s)", event.modelId(), event.version(), event.isFinal());
        registry.onCheckpoint(event);
    }
}
