package io.ferperturb.serving;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.ModelAliasMoved;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.ModelCard;
import io.ferperturb.models.ServingForm;
import io.ferperturb.serving.alias.ModelAliases;
import io.ferperturb.serving.alias.ServingAlias;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.EventUris;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models this server answers with. The default follows {@code fer.serving.default-model}: {@code latest}
 * (the newest final checkpoint, replaced when a newer one is announced) or an alias an admin moves
 * ({@code production}, {@code staging}: replaced when a move is announced on {@code model-aliases}, never by a new
 * checkpoint). It is found in S3 at start-up. A new model is loaded and warmed up in the
 * background and swapped in atomically. Every use holds the model ({@link #acquire}/{@link #lease}, then
 * release): requests in flight finish on the model they started with, and a swapped-out or evicted model is
 * closed when its last user releases it.
 */
@ApplicationScoped
public class ModelRegistry {
    /** Lookups that may each lose the race against a swap before {@link #acquire} gives up. */
    private static final int ACQUIRE_ATTEMPTS = 100;

    private final ServingConfig config;
    private final CheckpointStore checkpoints;
    private final CheckpointCatalogue catalogue;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final ModelAliases aliases;
    /** The alias the default model follows. */
    private final ModelRef.Alias served;
    private final CheckpointAnnouncements announcements = new CheckpointAnnouncements();
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    /** Models other than the default, by {@code id:version}, least recently used first; guarded by itself. */
    private final Map<String, ServingModel> named = new LinkedHashMap<>(16, 0.75f, true);
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "model-loader"));

    ModelRegistry(ServingConfig config, CheckpointStore checkpoints, CheckpointCatalogue catalogue, ObjectStore store,
            StorageLayout layout, ModelAliases aliases) {
        this.config = config;
        this.aliases = aliases;
        this.served = servedAlias(config.defaultModel());
        this.layout = layout;
        this.checkpoints = checkpoints;
        this.catalogue = catalogue;
        this.store = store;
    }

    private static ModelRef.Alias servedAlias(String name) {
        return ModelRef.Alias.named(name).filter(a -> a != ModelRef.Alias.BEST).orElseThrow(() ->
                new IllegalArgumentException("fer.serving.default-model is latest, production or staging, not '" + name + "'"));
    }

    void onStart(@Observes StartupEvent event) {
        Log.infof("requests that name no model get '%s'%s", served, served == ModelRef.Alias.LATEST
                ? " (the newest final checkpoint, swapped in as each one is announced)"
                : " (the version an admin points it at with PUT /models/{id}/aliases/" + served + ")");
        if (config.loadOnStart()) {
            loader.submit(this::loadServedFromStore);
        }
    }

    /** The alias a request that names no model gets ({@code fer.serving.default-model}). */
    public ModelRef.Alias servedAlias() {
        return served;
    }

    void onStop(@Observes ShutdownEvent event) {
        loader.shutdownNow();
        ServingModel active = current.getAndSet(null);
        if (active != null) {
            active.retire();
        }
        synchronized (named) {
            named.values().forEach(ServingModel::retire);
            named.clear();
        }
    }

    /**
     * The model a request names (see {@link #find}), held for the caller, who must {@link ServingModel#release()}
     * it when done; a model swapped out meanwhile stays open until then.
     */
    public ServingModel acquire(ModelRef.Single ref) {
        for (int attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
            ServingModel model = find(ref);
            if (model.tryAcquire()) {
                return model;
            }
            // closed between the lookup and now (swapped out or evicted, its last user gone): look again
        }
        throw new ModelNotReadyException("'" + ref + "' was swapped out " + ACQUIRE_ATTEMPTS + " times while this "
                + "request tried to use it; retry in a moment");
    }

    /**
     * {@link #acquire} for threads that must not block: the model only when the reference resolves without S3
     * (the default by alias, id or id:version, or a model loaded by name before), else null; the caller then
     * takes the blocking {@link #acquire} elsewhere, which also explains an unknown name.
     */
    public ServingModel acquireIfInMemory(ModelRef.Single ref) {
        ServingModel model = inMemory(ref);
        return model != null && model.tryAcquire() ? model : null;
    }

    private ServingModel inMemory(ModelRef.Single ref) {
        ServingModel active = current.get();
        if (ref == served) {
            return active;
        }
        if (!(ref instanceof ModelRef.Id id)) {
            return null; // the other aliases: the catalogue or the stored alias decides
        }
        boolean activeId = active != null && active.card().modelId().equals(id.modelId());
        if (id.version().isEmpty()) {
            // the default is the newest checkpoint when it follows latest, so its id's newest too
            return activeId && served == ModelRef.Alias.LATEST ? active : null;
        }
        int version = id.version().getAsInt();
        return activeId && active.card().version() == version ? active : namedModel(key(id.modelId(), version));
    }

    /** {@link #acquire} for try-with-resources. */
    public ModelLease lease(ModelRef.Single ref) {
        return new ModelLease(acquire(ref));
    }

    /** The default model; 503 until one is loaded. Not held: {@link #acquire} it to use it. */
    private ServingModel current() {
        ServingModel model = current.get();
        if (model == null) {
            throw new ModelNotReadyException(served == ModelRef.Alias.LATEST
                    ? "no model is loaded yet: train one (post a dataset-ready event) or wait for the newest checkpoint "
                            + "to finish loading"
                    : "this server serves '" + served + "', which names no loaded model yet: an admin points it at a "
                            + "version with PUT /models/{id}/aliases/" + served + " (or wait for it to finish loading)");
        }
        return model;
    }

    public Optional<ServingModel> currentIfLoaded() {
        return Optional.ofNullable(current.get());
    }

    /**
     * The model a reference names: the served alias (the default), {@code latest} (newest final checkpoint),
     * {@code best} (highest balanced accuracy on its test split), {@code production}/{@code staging} (where an admin
     * pointed them), an id (that model's newest final version) or one version of an id. Models other than the
     * default are loaded on first use.
     *
     * @throws UnknownModelException when no final checkpoint matches (404)
     */
    private ServingModel find(ModelRef.Single ref) {
        if (ref == served) {
            return current();
        }
        if (ref == ModelRef.Alias.LATEST) {
            return loaded(catalogue.newest().orElseThrow(() -> new UnknownModelException(
                    "there is no final checkpoint yet, so no 'latest' model: train one (post a dataset-ready event)")));
        }
        if (ref == ModelRef.Alias.BEST) {
            return loaded(catalogue.best().orElseThrow(() -> new UnknownModelException(
                    "no final checkpoint has test metrics yet, so there is no 'best' model; use 'latest' or a model id")));
        }
        if (ref instanceof ModelRef.Alias alias) { // production or staging, not the served one
            return loaded(aliasTarget(alias));
        }
        ModelRef.Id id = (ModelRef.Id) ref; // the only other kind of single model
        if (id.version().isEmpty()) {
            ServingModel active = current.get();
            if (active != null && served == ModelRef.Alias.LATEST && active.card().modelId().equals(id.modelId())) {
                return active;
            }
            return loaded(catalogue.newestOf(id.modelId()).orElseThrow(() -> unknown(id)));
        }
        return loaded(catalogue.find(id.modelId(), id.version().getAsInt()).orElseThrow(() -> unknown(id)));
    }

    /**
     * The final checkpoint a movable alias names.
     *
     * @throws UnknownModelException when the alias is unset or names a checkpoint that is gone
     */
    private CheckpointCatalogue.Entry aliasTarget(ModelRef.Alias alias) {
        ServingAlias.ModelVersion target = aliases.find(alias).map(ServingAlias::target).orElseThrow(() ->
                new UnknownModelException("'" + alias + "' names no model yet; an admin points it at a version with "
                        + "PUT /models/{id}/aliases/" + alias));
        return catalogue.find(target.modelId(), target.version()).orElseThrow(() -> new UnknownModelException("'" + alias
                + "' names " + target + ", which is no longer a final checkpoint in S3; point it elsewhere"));
    }

    /** The aliases naming each version, {@code id:version} → names; for listings. */
    public Map<String, List<String>> aliasesByVersion() {
        Map<String, List<String>> out = new HashMap<>();
        for (ServingAlias alias : aliases.all()) {
            out.computeIfAbsent(alias.target().toString(), k -> new ArrayList<>()).add(alias.alias());
        }
        catalogue.newest().ifPresent(e -> out.computeIfAbsent(key(e.card().modelId(), e.card().version()),
                k -> new ArrayList<>()).add(ModelRef.Alias.LATEST.toString()));
        return out;
    }

    /** Whether this checkpoint is in memory now (the default or one loaded by name). */
    public boolean isLoaded(ModelCard card) {
        ServingModel active = current.get();
        return active != null && active.card().modelId().equals(card.modelId()) && active.card().version() == card.version()
                || namedModel(key(card.modelId(), card.version())) != null;
    }

    /** Every final checkpoint in S3, oldest first (for listings). */
    public List<CheckpointCatalogue.Entry> finalCheckpoints() {
        return catalogue.finals();
    }

    /** How {@link #named} keys a model: {@code id:version}. */
    private static String key(String modelId, int version) {
        return modelId + ":" + version;
    }

    private static UnknownModelException unknown(ModelRef.Id id) {
        return new UnknownModelException("no final checkpoint '" + id + "'; GET /v2/models lists the served ones");
    }

    /** The entry's model: the default when it is that one, else loaded once and kept. */
    private ServingModel loaded(CheckpointCatalogue.Entry entry) {
        ServingModel active = current.get();
        ModelCard card = entry.card();
        if (active != null && active.card().modelId().equals(card.modelId()) && active.card().version() == card.version()) {
            return active;
        }
        String key = key(card.modelId(), card.version());
        ServingModel cached = namedModel(key);
        if (cached != null) {
            return cached;
        }
        ServingModel fresh = load(entry.prefix()); // outside the lock: other names stay served meanwhile
        synchronized (named) {
            ServingModel raced = named.putIfAbsent(key, fresh);
            if (raced != null) {
                fresh.retire();
                return raced;
            }
            // at most max-named-models stay in memory: the least recently used one retires
            var oldest = named.entrySet().iterator();
            while (named.size() > Math.max(1, config.maxNamedModels()) && oldest.hasNext()) {
                ServingModel evicted = oldest.next().getValue();
                oldest.remove();
                Log.infof("unloading %s v%d (least recently used)", evicted.card().modelId(), evicted.card().version());
                evicted.retire(); // closed once the requests holding it end
            }
        }
        return fresh;
    }

    private ServingModel namedModel(String key) {
        synchronized (named) {
            return named.get(key);
        }
    }

    /**
     * Called for every checkpoint-ready event: a newer final checkpoint replaces the default. The event must
     * point into the models bucket ({@link io.ferperturb.domain.event.InvalidEventException} otherwise: the
     * record goes to the dead-letter topic); a redelivered one changes nothing; the stored card, not the event,
     * decides what is newer.
     */
    public void onCheckpoint(CheckpointReady event) {
        S3Uri prefix = EventUris.inBucket(event.uri(), layout.modelsBucket(), "uri");
        if (!announcements.firstSighting(event.eventId())) {
            Log.infof("checkpoint-ready %s heard before; nothing to do", event.eventId());
            return;
        }
        catalogue.invalidate();
        if (!event.isFinal() || served != ModelRef.Alias.LATEST) {
            return; // an alias an admin moves is not moved by a new checkpoint
        }
        ServingModel active = current.get();
        Instant now = Instant.now();
        if (active != null && !CheckpointAnnouncements.replaces(event.modelId(), event.version(), event.createdAt(),
                active.card(), now)) {
            return;
        }
        ServingModel fresh = load(prefix);
        if (active != null && !CheckpointAnnouncements.replaces(fresh.card(), active.card(), now)) {
            Log.infof("not serving %s v%d: its stored card is not newer than %s v%d's", fresh.card().modelId(),
                    fresh.card().version(), active.card().modelId(), active.card().version());
            fresh.retire();
            return;
        }
        swapIn(fresh);
    }

    /**
     * Called for every {@code model-aliases} event: when the default follows the moved alias, the alias is read
     * again from S3 (the stored alias, not the event, decides) and its target swapped in. A redelivered event
     * changes nothing.
     */
    public void onAliasMoved(ModelAliasMoved event) {
        if (!announcements.firstSighting(event.eventId())) {
            Log.infof("model-aliases %s heard before; nothing to do", event.eventId());
            return;
        }
        aliases.invalidate();
        catalogue.invalidate(); // the target may be newer than the cached listing
        if (!event.alias().equals(served.toString())) {
            return;
        }
        CheckpointCatalogue.Entry target = aliasTarget(served);
        ServingModel active = current.get();
        if (active != null && active.card().modelId().equals(target.card().modelId())
                && active.card().version() == target.card().version()) {
            return;
        }
        swapIn(load(target.prefix()));
    }

    private void swapIn(ServingModel fresh) {
        ServingModel old = current.getAndSet(fresh);
        Log.infof("serving %s v%d (%s)", fresh.card().modelId(), fresh.card().version(), fresh.card().architecture());
        if (old != null) {
            // requests holding the old model (some still queued for a batch) finish on it; the last one closes it
            old.retire();
        }
    }

    private void loadServedFromStore() {
        try {
            Optional<CheckpointCatalogue.Entry> newest = served == ModelRef.Alias.LATEST ? catalogue.newest()
                    : aliases.find(served).flatMap(a -> catalogue.find(a.target().modelId(), a.target().version()));
            if (newest.isEmpty()) {
                Log.infof(served == ModelRef.Alias.LATEST ? "no final checkpoint in S3 yet; waiting for checkpoint-ready"
                        : "'%s' names no final checkpoint yet; waiting for an admin to move it", served);
                return;
            }
            ServingModel model = load(newest.get().prefix());
            if (current.compareAndSet(null, model)) {
                Log.infof("serving %s v%d from S3", model.card().modelId(), model.card().version());
            } else {
                model.retire(); // an event delivered a model meanwhile
            }
        } catch (RuntimeException e) {
            Log.warn("loading the default model at start-up failed; waiting for an announcement", e);
        }
    }

    private ServingModel load(S3Uri prefix) {
        Device device = Djl.device(config.device());
        ModelCard card = checkpoints.readCard(prefix);
        LoadedModel loaded = UserSuppliedModels.isUserSupplied(card)
                ? UserSuppliedModels.load(store, prefix, card, device)
                : checkpoints.load(prefix, device);
        // Serving never trains: batch norms fold into their convolutions (same logits, fewer passes), weights freeze
        ServingForm.prepare(loaded.model(), new Shape(1, card.inputSide(), card.inputSide()));
        EmotionClassifier classifier = new EmotionClassifier(loaded);
        classifier.probabilities(new byte[][] {new byte[FaceImage.PIXELS]}); // warm-up: ready means it answered
        return new ServingModel(loaded, classifier);
    }
}
