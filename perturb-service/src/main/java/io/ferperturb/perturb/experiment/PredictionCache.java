package io.ferperturb.perturb.experiment;

import io.ferperturb.domain.metrics.Predictions;
import io.quarkus.logging.Log;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The per-image predictions behind a table's scores: loaded once per URI, or remembered for scores computed in
 * memory (an ensemble's). Scores without predictions (checkpoints stored before they were kept) have none.
 */
final class PredictionCache {
    private final Function<String, Predictions> loader;
    private final Map<String, Optional<Predictions>> byUri = new HashMap<>();
    private final Map<ResultsTable.Scores, Predictions> computed = new IdentityHashMap<>();

    PredictionCache(Function<String, Predictions> loader) {
        this.loader = loader;
    }

    Optional<Predictions> of(ResultsTable.Scores scores) {
        if (scores == null) {
            return Optional.empty();
        }
        Predictions inMemory = computed.get(scores);
        if (inMemory != null) {
            return Optional.of(inMemory);
        }
        if (scores.predictionsUri() == null) {
            return Optional.empty();
        }
        return byUri.computeIfAbsent(scores.predictionsUri(), this::load);
    }

    void remember(ResultsTable.Scores scores, Predictions predictions) {
        computed.put(scores, predictions);
    }

    private Optional<Predictions> load(String uri) {
        try {
            return Optional.of(loader.apply(uri));
        } catch (RuntimeException e) {
            Log.warnf("no per-image predictions at %s (%s): the table leaves out what needs them", uri, e.getMessage());
            return Optional.empty();
        }
    }
}
