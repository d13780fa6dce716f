package io.ferperturb.serving;

import ai.djl.Device;
import io.ferperturb.core.Json;
import io.ferperturb.core.data.FaceImage;
import io.ferperturb.core.event.CheckpointReady;
import io.ferperturb.core.model.CheckpointStore;
import io.ferperturb.core.model.Djl;
import io.ferperturb.core.model.EmotionClassifier;
import io.ferperturb.core.model.LoadedModel;
import io.ferperturb.core.model.ModelCard;
import io.ferperturb.core.storage.ObjectStore;
import io.ferperturb.core.storage.S3Uri;
import io.ferperturb.core.storage.StorageLayout;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models this server answers with. The default is the newest final checkpoint: found in S3 at
 * start-up, then replaced when a newer one is announced. A new model is loaded and warmed up in the
 * background and swapped in atomically; requests in flight finish on the model they started with.
 */
@ApplicationScoped
public class ModelRegistry {
    private final ServingConfig config;
    private final CheckpointStore checkpoints;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private final Map<String, ServingModel> named = new ConcurrentHashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "model-loader"));

    ModelRegistry(ServingConfig config, CheckpointStore checkpoints, ObjectStore store, StorageLayout layout) {
        this.config = config;
        this.checkpoints = checkpoints;
        this.store = store;
        this.layout = layout;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.loadOnStart()) {
            loader.submit(this::loadNewestFromStore);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loader.shutdownNow();
    }

    /** The default model; 503 until one is loaded. */
    public ServingModel current() {
        ServingModel model = current.get();
        if (model == null) {
            throw new ModelNotReadyException("no model is loaded yet: train one (post a dataset-ready event) "
                    + "or wait for the newest checkpoint to finish loading");
        }
        return model;
    }

    public Optional<ServingModel> currentIfLoaded() {
        return Optional.ofNullable(current.get());
    }

    /** {@code latest} or empty for the default, else a model id (its newest version, loaded once). */
    public ServingModel resolve(String modelId) {
        if (modelId == null || modelId.isBlank() || "latest".equals(modelId)) {
            return current();
        }
        ServingModel active = current.get();
        if (active != null && active.card().modelId().equals(modelId)) {
            return active;
        }
        return named.computeIfAbsent(modelId, id -> {
            int version = checkpoints.latestVersion(layout.model(id));
            if (version == 0) {
                throw new UnknownModelException("no model '" + id + "'; GET /v2/models lists the served ones");
            }
            return load(layout.modelVersion(id, version));
        });
    }

    /** Called for every checkpoint-ready event: a newer final checkpoint replaces the default. */
    public void onCheckpoint(CheckpointReady event) {
        if (!event.isFinal()) {
            return;
        }
        ServingModel active = current.get();
        if (active != null && !isNewer(event, active.card())) {
            return;
        }
        ServingModel fresh = load(S3Uri.parse(event.uri()));
        swapIn(fresh);
        named.remove(event.modelId());
    }

    private static boolean isNewer(CheckpointReady event, ModelCard active) {
        return event.createdAt() == null || active.createdAt() == null || event.createdAt().isAfter(active.createdAt())
                || event.modelId().equals(active.modelId()) && event.version() > active.version();
    }

    private void swapIn(ServingModel fresh) {
        ServingModel old = current.getAndSet(fresh);
        Log.infof("serving %s v%d (%s)", fresh.card().modelId(), fresh.card().version(), fresh.card().architecture());
        if (old != null) {
            // requests that picked up the old model a moment ago finish first
            loader.submit(() -> {
                sleepQuietly(5_000);
                old.close();
            });
        }
    }

    private void loadNewestFromStore() {
        try {
            Optional<S3Uri> newest = newestFinalCheckpoint();
            if (newest.isEmpty()) {
                Log.info("no final checkpoint in S3 yet; waiting for checkpoint-ready");
                return;
            }
            ServingModel model = load(newest.get());
            if (current.compareAndSet(null, model)) {
                Log.infof("serving %s v%d from S3", model.card().modelId(), model.card().version());
            } else {
                model.close(); // an event delivered a model meanwhile
            }
        } catch (RuntimeException e) {
            Log.warn("loading the newest checkpoint at start-up failed; waiting for checkpoint-ready", e);
        }
    }

    /** Scans {@code models/*}{@code /v*}{@code /model.json} for the newest final card. */
    Optional<S3Uri> newestFinalCheckpoint() {
        return store.list(S3Uri.of(layout.modelsBucket(), "")).stream()
                .filter(k -> k.matches("[^_/][^/]*/v\\d+/" + ModelCard.FILE))
                .map(k -> Map.entry(k, Json.read(store.get(S3Uri.of(layout.modelsBucket(), k)), ModelCard.class)))
                .filter(e -> e.getValue().isFinal())
                .max(Comparator.comparing(e -> e.getValue().createdAt()))
                .map(e -> S3Uri.of(layout.modelsBucket(), e.getKey().substring(0, e.getKey().lastIndexOf('/') + 1)));
    }

    private ServingModel load(S3Uri prefix) {
        Device device = Djl.device(config.device());
        LoadedModel loaded = checkpoints.load(prefix, device);
        EmotionClassifier classifier = new EmotionClassifier(loaded);
        classifier.probabilities(new byte[][] {new byte[FaceImage.PIXELS]}); // warm-up: ready means it answered
        return new ServingModel(loaded, classifier);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
