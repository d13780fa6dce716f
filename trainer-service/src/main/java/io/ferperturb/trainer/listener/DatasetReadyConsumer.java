package io.ferperturb.trainer.listener;

import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Events;
import io.ferperturb.trainer.service.TrainingQueue;
import io.ferperturb.trainer.training.TrainingStopped;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code dataset-ready}. Each event is handed to the {@link TrainingQueue} and the method
 * returns at once, so later events are listed as queued while a job trains; the record is acknowledged
 * (and its offset committed, in order) only when its jobs have ended. A record that is not valid JSON,
 * lacks a required field or names a dataset or architecture that does not exist is nacked, and the
 * channel's dead-letter strategy moves it to {@code dataset-ready.dlq} with the reason in its headers;
 * consumption goes on.
 */
@ApplicationScoped
public class DatasetReadyConsumer {
    /** The incoming channel (and topic) name; tests reuse it. */
    public static final String CHANNEL = "dataset-ready";

    private final TrainingQueue queue;

    DatasetReadyConsumer(TrainingQueue queue) {
        this.queue = queue;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @Blocking // registering the jobs writes to S3: never on the event loop; ordered, so events queue in offset order
    public CompletionStage<Void> onDatasetReady(Message<String> message) {
        DatasetReady event;
        try {
            event = Events.parseDatasetReady(message.getPayload());
            Log.infof("dataset-ready %s for %s (%s)", event.eventId(), event.datasetId(), event.uri());
            DatasetReady accepted = event;
            queue.accept(event).whenComplete((done, failure) -> {
                Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                if (failure == null) {
                    message.ack();
                } else if (cause instanceof TrainingStopped) {
                    // shutting down: neither done nor bad; unacknowledged, the event comes again to the next trainer
                    Log.infof("dataset-ready %s left unacknowledged: %s", accepted.eventId(), cause.getMessage());
                } else {
                    message.nack(cause);
                }
            });
        } catch (RuntimeException e) {
            message.nack(e);
        }
        return CompletableFuture.completedFuture(null);
    }
}
