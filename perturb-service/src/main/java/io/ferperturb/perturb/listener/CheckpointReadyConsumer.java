package io.ferperturb.perturb.listener;

import io.ferperturb.domain.event.Events;
import io.ferperturb.perturb.experiment.ExperimentService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code checkpoint-ready}: a final checkpoint ends an experiment's job and carries its metrics
 * and evaluations. Bad records go to {@code checkpoint-ready.dlq}.
 */
@ApplicationScoped
public class CheckpointReadyConsumer {
    public static final String CHANNEL = "checkpoint-ready-in";

    private final ExperimentService experiments;

    CheckpointReadyConsumer(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onCheckpoint(String json) {
        experiments.onCheckpoint(Events.parseCheckpointReady(json));
    }
}
