package io.ferperturb.trainer.listener;

import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Events;
import io.ferperturb.trainer.service.JobDispatcher;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code dataset-ready}: registers the event's jobs (listed as queued), checks them and hands each out to
 * the trainer replicas as a {@code training-jobs} record ({@link JobDispatcher}); the event is acknowledged once the
 * broker has every record. A record that is not valid JSON, lacks a required field or names a dataset or
 * architecture that does not exist is nacked, and the channel's dead-letter strategy moves it to
 * {@code dataset-ready.dlq} with the reason in its headers; consumption goes on.
 */
@ApplicationScoped
public class DatasetReadyConsumer {
    /** The incoming channel (and topic) name; tests reuse it. */
    public static final String CHANNEL = "dataset-ready";

    private final JobDispatcher dispatcher;

    DatasetReadyConsumer(JobDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @Blocking // registering the jobs writes to S3 and publishing waits for the broker: never on the event loop
    public CompletionStage<Void> onDatasetReady(Message<String> message) {
        try {
            DatasetReady event = Events.parseDatasetReady(message.getPayload());
            Log.infof("dataset-ready %s for %s (%s)", event.eventId(), event.datasetId(), event.uri());
            dispatcher.dispatch(event);
            return message.ack();
        } catch (RuntimeException e) {
            return message.nack(e);
        }
    }
}
