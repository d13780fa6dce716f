package io.ferperturb.inference.predictionlog;

import io.ferperturb.commons.Replicas;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.PredictionLogged;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.inference.predict.Prediction;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.inference.predict.PredictionResult;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The opt-in prediction log ({@code fer.inference.prediction-log.*}): after a request is answered, a drawn fraction
 * of requests is published on {@code predictions}, one {@link PredictionLogged} per face. Fire and forget: a request
 * never waits for Kafka nor fails with it; what Kafka did not take is counted in
 * {@code fer.inference.prediction.log{outcome=dropped}}. Any endpoint that answers with a {@link PredictionResult}
 * may log through {@link #log}.
 */
@ApplicationScoped
public class PredictionLog {
    public static final String OUT = Topics.PREDICTIONS + "-out";
    static final String METRIC = "fer.inference.prediction.log";

    private final InferenceConfig.PredictionLog config;
    private final Emitter<String> records;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final Counter published;
    private final Counter dropped;
    private final Counter notSampled;
    private final String replica = Replicas.hostName();

    PredictionLog(InferenceConfig config, @Channel(OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<String> records, ObjectStore store, StorageLayout layout, MeterRegistry meters) {
        this.config = config.predictionLog();
        double rate = this.config.samplingRate();
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("fer.inference.prediction-log.sampling-rate is a fraction from 0 to 1, not "
                    + rate);
        }
        this.records = records;
        this.store = store;
        this.layout = layout;
        this.published = outcome(meters, "published", "prediction log records the broker took");
        this.dropped = outcome(meters, "dropped", "prediction log records lost (Kafka down or too slow, S3 refused "
                + "an image)");
        this.notSampled = outcome(meters, "not-sampled", "answered requests the sampling left out of the log");
    }

    private static Counter outcome(MeterRegistry meters, String outcome, String description) {
        return Counter.builder(METRIC).tag("outcome", outcome).description(description).register(meters);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Logs an answered request when the log is on and the request is drawn. Returns at once: images (with {@code
     * store-images}) are stored and records sent on other threads.
     *
     * @param requestId the request's {@code X-Request-Id}; one is made when null
     * @param endpoint  the endpoint's name in the request metrics
     */
    public void log(PredictionRequest request, PredictionResult result, String endpoint, String requestId) {
        if (!config.enabled()) {
            return;
        }
        if (ThreadLocalRandom.current().nextDouble() >= config.samplingRate()) {
            notSampled.increment();
            return;
        }
        Instant at = Instant.now();
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        if (config.storeImages() && request.input() instanceof PredictionRequest.Images images) {
            Infrastructure.getDefaultWorkerPool().execute(() ->
                    publish(records(request, result, endpoint, id, storeImages(images, id), at)));
        } else {
            publish(records(request, result, endpoint, id, List.of(), at));
        }
    }

    /** The address of each stored image, in request order; empty when storing failed (the records then name none). */
    private List<String> storeImages(PredictionRequest.Images images, String requestId) {
        S3Uri prefix = layout.loggedImages(requestId);
        List<String> uris = new ArrayList<>();
        try {
            for (int i = 0; i < images.files().size(); i++) {
                S3Uri uri = prefix.resolve(String.valueOf(i));
                store.put(uri, images.files().get(i), "application/octet-stream");
                uris.add(uri.toString());
            }
            return uris;
        } catch (RuntimeException e) {
            Log.warnf("prediction log: the images of request %s were not stored (%s); its records name none",
                    requestId, e.getMessage());
            return List.of();
        }
    }

    /** One record per answered face; a request (or an image of it) without a face is one record with no face. */
    static List<PredictionLogged> records(PredictionRequest request, PredictionResult result, String endpoint,
            String requestId, List<String> imageUris, Instant at, String replica) {
        List<PredictionLogged> out = new ArrayList<>();
        double latencyMs = result.latencyNanos() / 1e6;
        boolean tta = request.options().tta();
        int images = request.input() instanceof PredictionRequest.Images i ? i.files().size() : 0;
        boolean[] answered = new boolean[Math.max(images, 1)];
        List<PredictionResult.ScoredFace> faces = result.faces();
        for (int f = 0; f < faces.size(); f++) {
            PredictionResult.ScoredFace face = faces.get(f);
            if (face.image() < answered.length) {
                answered[face.image()] = true;
            }
            out.add(new PredictionLogged(UUID.randomUUID().toString(), requestId, endpoint, request.model().toString(),
                    result.model(), result.version(), result.members(), face.image(), f, face.box(), face.emotion(),
                    Prediction.byClass(face.probabilities(), result.classes()), latencyMs, tta, uri(imageUris, face.image()),
                    replica, at));
        }
        for (int image = 0; image < images; image++) {
            if (!answered[image]) {
                out.add(new PredictionLogged(UUID.randomUUID().toString(), requestId, endpoint,
                        request.model().toString(), result.model(), result.version(), result.members(), image, -1, null,
                        null, null, latencyMs, tta, uri(imageUris, image), replica, at));
            }
        }
        return out;
    }

    private List<PredictionLogged> records(PredictionRequest request, PredictionResult result, String endpoint,
            String requestId, List<String> imageUris, Instant at) {
        return records(request, result, endpoint, requestId, imageUris, at, replica);
    }

    private static String uri(List<String> uris, int image) {
        return image < uris.size() ? uris.get(image) : null;
    }

    private void publish(List<PredictionLogged> events) {
        for (PredictionLogged event : events) {
            Message<String> message = Message.of(Json.write(event))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(event.requestId()).build())
                    .withAck(() -> {
                        published.increment();
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(e -> {
                        dropped.increment();
                        return CompletableFuture.completedFuture(null);
                    });
            try {
                records.send(message);
            } catch (RuntimeException e) { // the buffer is full while Kafka is away: drop rather than wait
                dropped.increment();
            }
        }
    }

}
