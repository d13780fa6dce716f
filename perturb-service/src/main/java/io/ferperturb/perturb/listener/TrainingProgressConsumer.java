package io.ferperturb.perturb.listener;

import io.ferperturb.domain.event.Events;
import io.ferperturb.perturb.experiment.ExperimentService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code training-progress}: live progress and learning curves of the experiments' jobs, and
 * failed jobs. Bad records go to {@code training-progress.dlq}.
 */
@ApplicationScoped
public class TrainingProgressConsumer {
    public static final String CHANNEL = "training-progress-in";

    private final ExperimentService experiments;

    TrainingProgressConsumer(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onProgress(String json) {
        experiments.onProgress(Events.parseTrainingProgress(json));
    }
}
