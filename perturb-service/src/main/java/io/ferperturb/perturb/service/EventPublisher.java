package io.ferperturb.perturb.service;

import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.commons.EventSender;
import io.ferperturb.domain.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** The perturb-service's outgoing events, keyed as the contract says. */
@ApplicationScoped
public class EventPublisher {
    private final Emitter<String> datasets;

    EventPublisher(@Channel(Topics.DATASET_READY) Emitter<String> datasets) {
        this.datasets = datasets;
    }

    /** Waits for the broker; call only after the dataset's manifest is in S3. */
    public void datasetReady(DatasetReady event) {
        EventSender.send(datasets, event.datasetId(), event);
    }
}
