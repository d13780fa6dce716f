package io.ferperturb.serving.alias;

import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.event.ModelAliasMoved;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.serving.ModelRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code model-aliases}: every replica has its own consumer group, so each one re-reads the moved alias
 * and swaps its served model when it follows that alias; bad records go to {@code model-aliases.dlq}.
 */
@ApplicationScoped
public class AliasMovedConsumer {
    private final ModelRegistry registry;

    AliasMovedConsumer(ModelRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Topics.MODEL_ALIASES)
    @Blocking
    public void onAliasMoved(String json) {
        ModelAliasMoved event = Events.parseModelAliasMoved(json);
        Log.infof("model-aliases: %s → %s:%d (%s by %s)", event.alias(), event.modelId(), event.version(), event.action(),
                event.movedBy());
        registry.onAliasMoved(event);
    }
}
