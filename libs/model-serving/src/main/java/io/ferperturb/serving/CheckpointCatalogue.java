package io.ferperturb.serving;

import io.ferperturb.models.ModelCard;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every final checkpoint in S3 ({@code models/{id}/v{n}/model.json} with {@code final: true}), read once and
 * kept until a checkpoint is announced or {@link #MAX_AGE_MS} passes, so aliases and listings do not scan
 * S3 on every request.
 */
@ApplicationScoped
public class CheckpointCatalogue {
    static final long MAX_AGE_MS = 30_000;
    static final long MIN_RESCAN_MS = 1_000;

    /** One final checkpoint: where it is and its card. */
    public record Entry(S3Uri prefix, ModelCard card) {
        /** Balanced accuracy on its test split, or -1 when it has no metrics. */
        public double balancedAccuracy() {
            return card.metrics() == null ? -1 : card.metrics().balancedAccuracy();
        }
    }

    private final ObjectStore store;
    private final StorageLayout layout;
    private volatile List<Entry> entries;
    private volatile long readAt;

    CheckpointCatalogue(ObjectStore store, StorageLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** All final checkpoints, oldest first. */
    public List<Entry> finals() {
        List<Entry> cached = entries;
        if (cached == null || System.currentTimeMillis() - readAt > MAX_AGE_MS) {
            cached = scan();
            entries = cached;
            readAt = System.currentTimeMillis();
        }
        return cached;
    }

    /** A checkpoint was announced: read S3 again next time. */
    public void invalidate() {
        entries = null;
    }

    /** The newest final checkpoint; a card dated in the future counts as the oldest (see {@link CheckpointAnnouncements}). */
    public Optional<Entry> newest() {
        return finals().stream().max(byBelievedAge(Instant.now()));
    }

    /** Highest balanced accuracy on its test split (newest first among equals); only checkpoints with metrics. */
    public Optional<Entry> best() {
        return finals().stream().filter(e -> e.card().metrics() != null)
                .max(Comparator.comparingDouble(Entry::balancedAccuracy).thenComparing(byBelievedAge(Instant.now())));
    }

    private static Comparator<Entry> byBelievedAge(Instant now) {
        return Comparator.comparing(e -> CheckpointAnnouncements.believed(e.card().createdAt(), now));
    }

    public Optional<Entry> find(String modelId, int version) {
        return orRescan(() -> finals().stream()
                .filter(e -> e.card().modelId().equals(modelId) && e.card().version() == version).findFirst());
    }

    public Optional<Entry> newestOf(String modelId) {
        return orRescan(() -> finals().stream().filter(e -> e.card().modelId().equals(modelId))
                .max(Comparator.comparingInt(e -> e.card().version())));
    }

    /**
     * A name not in the cached list may have been uploaded since (a model brought by a user announces
     * nothing): look once more in S3, at most every {@link #MIN_RESCAN_MS}, so unknown names cannot flood it.
     */
    private Optional<Entry> orRescan(java.util.function.Supplier<Optional<Entry>> lookup) {
        Optional<Entry> found = lookup.get();
        if (found.isEmpty() && System.currentTimeMillis() - readAt > MIN_RESCAN_MS) {
            invalidate();
            found = lookup.get();
        }
        return found;
    }

    private List<Entry> scan() {
        List<Entry> found = new ArrayList<>();
        for (String key : store.list(S3Uri.of(layout.modelsBucket(), ""))) {
            if (!key.matches("[^_/][^/]*/v\\d+/" + ModelCard.FILE)) {
                continue;
            }
            try {
                ModelCard card = store.getJson(S3Uri.of(layout.modelsBucket(), key), ModelCard.class);
                if (card.isFinal() && card.createdAt() != null) {
                    found.add(new Entry(S3Uri.of(layout.modelsBucket(), key.substring(0, key.lastIndexOf('/') + 1)), card));
                }
            } catch (UncheckedIOException e) {
                Log.warnf("skipping unreadable card %s: %s", key, e.getMessage());
            }
        }
        found.sort(Comparator.comparing(e -> e.card().createdAt()));
        return List.copyOf(found);
    }
}
