package io.ferperturb.serving.alias;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The serving aliases, kept in the models bucket ({@code models/_aliases/{alias}.json}) where every replica of
 * both serving services reads them. Reads are cached until {@link #invalidate()} (an alias was announced) or
 * {@link #MAX_AGE_MS}; moves read S3 afresh. Two admins moving the same alias at the same instant from two
 * replicas: the later write wins, and both moves are announced.
 */
@ApplicationScoped
public class ModelAliases {
    static final String FOLDER = "_aliases/";
    /** Moves kept per alias, the oldest dropped first: the history stays one small object. */
    static final int HISTORY = 500;
    static final long MAX_AGE_MS = 30_000;

    private record Cached(Optional<ServingAlias> alias, long readAt) {
    }

    private final ObjectStore store;
    private final StorageLayout layout;
    private final Map<ModelRef.Alias, Cached> cache = new EnumMap<>(ModelRef.Alias.class);

    ModelAliases(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The alias as stored, or empty while no admin has pointed it anywhere. */
    public synchronized Optional<ServingAlias> find(ModelRef.Alias alias) {
        requireMovable(alias);
        Cached cached = cache.get(alias);
        if (cached == null || System.currentTimeMillis() - cached.readAt() > MAX_AGE_MS) {
            cached = new Cached(store.findJson(uri(alias), ServingAlias.class), System.currentTimeMillis());
            cache.put(alias, cached);
        }
        return cached.alias();
    }

    /** Every alias that names a version, in the order of {@link ModelRef.Alias}. */
    public List<ServingAlias> all() {
        List<ServingAlias> out = new ArrayList<>();
        for (ModelRef.Alias alias : ModelRef.Alias.values()) {
            if (alias.isMovable()) {
                find(alias).ifPresent(out::add);
            }
        }
        return out;
    }

    /** An alias was moved (here or on another replica): read it from S3 next time. */
    public synchronized void invalidate() {
        cache.clear();
    }

    /**
     * Points the alias at {@code to}, keeping what it named as the rollback target. Pointing it where it already
     * points changes nothing and records nothing.
     *
     * @return the alias after the move, and whether it changed
     */
    public synchronized Change move(ModelRef.Alias alias, ServingAlias.ModelVersion to, String by, String reason) {
        Optional<ServingAlias> stored = fresh(alias);
        ServingAlias.ModelVersion from = stored.map(ServingAlias::target).orElse(null);
        if (to.equals(from)) {
            return new Change(stored.get(), false);
        }
        return new Change(write(alias, stored, from, to, "move", by, reason), true);
    }

    /**
     * Points the alias back at what it named before the last move (the two swap places, so a second rollback
     * undoes the first).
     *
     * @throws NothingToRollBackException when the alias is unset or has never been moved
     */
    public synchronized Change rollback(ModelRef.Alias alias, String by, String reason) {
        Optional<ServingAlias> stored = fresh(alias);
        if (stored.isEmpty() || stored.get().previous() == null) {
            throw new NothingToRollBackException("'" + alias + "' " + (stored.isEmpty() ? "names no model yet"
                    : "has named only " + stored.get().target()) + ", so there is nothing to roll back to; point it at a "
                    + "version with PUT /models/{id}/aliases/" + alias);
        }
        ServingAlias current = stored.get();
        return new Change(write(alias, stored, current.target(), current.previous(), "rollback", by, reason), true);
    }

    /** What a move or rollback left: the alias as stored now, and whether anything changed. */
    public record Change(ServingAlias alias, boolean moved) {
    }

    private Optional<ServingAlias> fresh(ModelRef.Alias alias) {
        requireMovable(alias);
        cache.remove(alias);
        return find(alias);
    }

    private ServingAlias write(ModelRef.Alias alias, Optional<ServingAlias> stored, ServingAlias.ModelVersion from,
            ServingAlias.ModelVersion to, String action, String by, String reason) {
        List<ServingAlias.Move> history = new ArrayList<>(stored.map(ServingAlias::history).orElse(List.of()));
        history.add(new ServingAlias.Move(Instant.now(), by, action, from, to, reason));
        if (history.size() > HISTORY) {
            history = new ArrayList<>(history.subList(history.size() - HISTORY, history.size()));
        }
        ServingAlias updated = new ServingAlias(alias.toString(), to, from, List.copyOf(history));
        store.putJson(uri(alias), updated);
        cache.put(alias, new Cached(Optional.of(updated), System.currentTimeMillis()));
        return updated;
    }

    private S3Uri uri(ModelRef.Alias alias) {
        return S3Uri.of(layout.modelsBucket(), FOLDER + alias + ".json");
    }

    private static void requireMovable(ModelRef.Alias alias) {
        if (!alias.isMovable()) {
            throw new IllegalArgumentException(alias + " is resolved by the catalogue, not stored");
        }
    }
}
