package io.ferperturb.inference.predictionlog;

import io.ferperturb.domain.event.PredictionLogged;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The class mix of the last logged predictions ({@code GET /predictions/recent}).
 *
 * @param logEnabled     whether this replica logs its predictions (others may, and are heard either way)
 * @param records        records summarised (at most the {@code n} asked for)
 * @param faces          of them, faces answered (the rest are images without a face)
 * @param classMix       predicted emotion to count
 * @param meanConfidence mean probability of the predicted emotion over the faces; null without faces
 * @param models         answering model ({@code id:version}, or the ensemble's name) to count
 * @param oldest         when the oldest summarised record was logged; null without records
 * @param newest         when the newest was
 */
public record RecentMix(boolean logEnabled, int records, int faces, Map<String, Integer> classMix,
        Double meanConfidence, Map<String, Integer> models, Instant oldest, Instant newest) {

    static RecentMix of(List<PredictionLogged> last, boolean logEnabled) {
        Map<String, Integer> mix = new TreeMap<>();
        Map<String, Integer> models = new TreeMap<>();
        int faces = 0;
        double confidence = 0;
        for (PredictionLogged r : last) {
            models.merge(r.members() == null ? r.modelId() + ":" + r.version() : r.modelId(), 1, Integer::sum);
            if (r.emotion() != null) {
                faces++;
                mix.merge(r.emotion(), 1, Integer::sum);
                confidence += r.probabilities() == null ? 0 : r.probabilities().getOrDefault(r.emotion(), 0.0);
            }
        }
        return new RecentMix(logEnabled, last.size(), faces, Collections.unmodifiableMap(mix),
                faces == 0 ? null : confidence / faces, Collections.unmodifiableMap(models),
                last.isEmpty() ? null : last.get(0).loggedAt(), last.isEmpty() ? null : last.get(last.size() - 1).loggedAt());
    }
}
