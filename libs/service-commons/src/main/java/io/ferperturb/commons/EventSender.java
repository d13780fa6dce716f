package io.ferperturb.commons;

import io.ferperturb.domain.Json;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes an event as JSON with the contract's record key and waits for the broker's acknowledgement,
 * so callers know the event is durable before they move on.
 */
public final class EventSender {
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private EventSender() {
    }

    public static void send(Emitter<String> emitter, String key, Object event) {
        send(emitter, OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build(), event);
    }

    /** As {@link #send(Emitter, String, Object)}, to a partition chosen by the caller instead of the key's hash. */
    public static void send(Emitter<String> emitter, String key, int partition, Object event) {
        send(emitter, OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withPartition(partition).build(), event);
    }

    private static void send(Emitter<String> emitter, OutgoingKafkaRecordMetadata<String> metadata, Object event) {
        String key = metadata.getKey();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(Json.write(event))
                .addMetadata(metadata)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    acked.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        try {
            acked.get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.getClass().getSimpleName(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing " + event.getClass().getSimpleName() + " (key " + key
                    + ") failed: " + e.getMessage(), e);
        }
    }

    /** Fire-and-forget, for frequent progress events that a later one supersedes. */
    public static void sendAsync(Emitter<String> emitter, String key, Object event) {
        emitter.send(Message.of(Json.write(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
