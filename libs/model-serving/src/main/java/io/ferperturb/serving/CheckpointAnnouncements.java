package io.ferperturb.serving;

import io.ferperturb.models.ModelCard;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which {@code checkpoint-ready} events may change the served model. A redelivered event (same {@code eventId})
 * changes nothing the second time. A timestamp more than {@link #CLOCK_SKEW} in the future is not believed: it
 * counts as the oldest possible, so a forged or misdated checkpoint cannot pin itself as "newest" and shut out
 * every later one.
 */
final class CheckpointAnnouncements {
    /** Event ids remembered for deduplication, the oldest forgotten first. */
    static final int REMEMBERED = 10_000;
    /** How far ahead of this server's clock another pod's clock may run. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Map<String, Boolean> seen = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Whether this is the first time the event is heard of (an event without an id always is). */
    synchronized boolean firstSighting(String eventId) {
        return eventId == null || seen.put(eventId, Boolean.TRUE) == null;
    }

    /**
     * Whether {@code candidate} should replace {@code active} as the default: it was created later, or it is a
     * later version of the same model. Timestamps in the future count as the oldest possible.
     */
    static boolean replaces(String modelId, int version, Instant createdAt, ModelCard active, Instant now) {
        if (createdAt == null || active.createdAt() == null) {
            return true;
        }
        return believed(createdAt, now).isAfter(believed(active.createdAt(), now))
                || modelId.equals(active.modelId()) && version > active.version();
    }

    static boolean replaces(ModelCard candidate, ModelCard active, Instant now) {
        return replaces(candidate.modelId(), candidate.version(), candidate.createdAt(), active, now);
    }

    /** The timestamp, or the oldest possible instant when it lies further ahead than the clock skew allows. */
    static Instant believed(Instant createdAt, Instant now) {
        return createdAt.isAfter(now.plus(CLOCK_SKEW)) ? Instant.EPOCH : createdAt;
    }
}
