package io.ferperturb.domain.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many faces a dataset holds per split and per class within each split — the figures manifests,
 * events and HTTP responses report. Maps are keyed by {@link Split#usage()} and {@link Emotion#label()},
 * always list all three splits and all seven classes (zeros included) in dataset order, so consumers see
 * one stable shape.
 *
 * @param counts        Usage → number of faces
 * @param countsByClass Usage → label → number of faces
 */
public record DatasetCounts(Map<String, Long> counts, Map<String, Map<String, Long>> countsByClass) {

    public DatasetCounts {
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        Map<String, Map<String, Long>> byClass = new LinkedHashMap<>();
        if (countsByClass != null) {
            countsByClass.forEach((usage, perLabel) ->
                    byClass.put(usage, Collections.unmodifiableMap(new LinkedHashMap<>(perLabel))));
        }
        countsByClass = Collections.unmodifiableMap(byClass);
    }

    public static DatasetCounts empty() {
        return new Tally().snapshot();
    }

    /** Faces in all splits. */
    @JsonIgnore
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Split split) {
        return counts.getOrDefault(split.usage(), 0L);
    }

    public long count(Split split, Emotion emotion) {
        return countsByClass.getOrDefault(split.usage(), Map.of()).getOrDefault(emotion.label(), 0L);
    }

    /** Mutable counter filled during a pass; {@link #snapshot()} freezes it. */
    public static final class Tally {
        private final long[][] perSplitAndClass = new long[Split.values().length][Emotion.COUNT];

        public void add(FaceImage face) {
            add(face.split(), face.emotion());
        }

        public void add(Split split, int emotion) {
            perSplitAndClass[split.ordinal()][emotion]++;
        }

        public DatasetCounts snapshot() {
            Map<String, Long> counts = new LinkedHashMap<>();
            Map<String, Map<String, Long>> byClass = new LinkedHashMap<>();
            for (Split split : Split.values()) {
                long splitTotal = 0;
                Map<String, Long> perLabel = new LinkedHashMap<>();
                for (Emotion emotion : Emotion.values()) {
                    long n = perSplitAndClass[split.ordinal()][emotion.index()];
                    perLabel.put(emotion.label(), n);
                    splitTotal += n;
                }
                counts.put(split.usage(), splitTotal);
                byClass.put(split.usage(), perLabel);
            }
            return new DatasetCounts(counts, byClass);
        }
    }
}
