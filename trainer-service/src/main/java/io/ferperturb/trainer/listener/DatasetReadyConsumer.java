package io.ferperturb.trainer.listener;

import io.ferperturb.core.event.DatasetReady;
import io.ferperturb.core.event.Events;
import io.ferperturb.trainer.service.TrainingService;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code dataset-ready}. A record that is not valid JSON, lacks a required field or names a
 * dataset or architecture that does not exist throws, and the channel's dead-letter strategy moves it
 * to {@code dataset-ready.dlq} with the reason in its headers; consumption goes on.
 */
@ApplicationScoped
public class DatasetReadyConsumer {
    /** The incoming channel (and topic) name; tests reuse it. */
    public static final String CHANNEL = "dataset-ready";

    private final TrainingService training;

    DatasetReadyConsumer(TrainingService training) {
        this.training = training;
    }

    @Incoming(CHANNEL)
    @Blocking // DJL and S3 work: never on the event loop; ordered, so one job at a time
    public void onDatasetReady(String json) {
        DatasetReady event = Events.parseDatasetReady(json);
        Log.infof("dataset-ready %s for %s (%s)", event.eventId(), event.datasetId(), event.uri());
        training.handle(event);
    }
}
