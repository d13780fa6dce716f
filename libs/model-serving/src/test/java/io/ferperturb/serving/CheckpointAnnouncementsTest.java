package io.ferperturb.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.models.ModelCard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointAnnouncementsTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void aRedeliveredEventChangesNothingTheSecondTimeAndOldIdsAreForgottenInOrder() {
        CheckpointAnnouncements announcements = new CheckpointAnnouncements();
        assertTrue(announcements.firstSighting("e1"));
        assertFalse(announcements.firstSighting("e1"));
        assertTrue(announcements.firstSighting(null), "an event without an id cannot be recognised again");
        for (int i = 0; i < CheckpointAnnouncements.REMEMBERED; i++) {
            announcements.firstSighting("other-" + i);
        }
        assertTrue(announcements.firstSighting("e1"), "forgotten after REMEMBERED newer ids");
        assertFalse(announcements.firstSighting("other-" + (CheckpointAnnouncements.REMEMBERED - 1)));
    }

    @Test
    void aCheckpointDatedInTheFutureDoesNotPinItselfAsTheNewest() {
        ModelCard forged = card("forged", 1, Instant.parse("3000-01-01T00:00:00Z"));
        ModelCard real = card("cnn-d", 4, NOW.minus(Duration.ofMinutes(1)));
        assertTrue(CheckpointAnnouncements.replaces(real, forged, NOW), "a real checkpoint replaces a future-dated one");
        assertFalse(CheckpointAnnouncements.replaces(forged, real, NOW), "a future-dated one replaces nothing");
        assertEquals(Instant.EPOCH, CheckpointAnnouncements.believed(forged.createdAt(), NOW));

        ModelCard skewed = card("cnn-d", 5, NOW.plus(Duration.ofMinutes(2)));
        assertTrue(CheckpointAnnouncements.replaces(skewed, real, NOW), "within the clock skew a timestamp is believed");
        ModelCard older = card("cnn-d", 3, NOW.minus(Duration.ofHours(1)));
        assertFalse(CheckpointAnnouncements.replaces(older, real, NOW), "an older checkpoint does not come back");
        ModelCard sameTimeNewerVersion = card("cnn-d", 5, real.createdAt());
        assertTrue(CheckpointAnnouncements.replaces(sameTimeNewerVersion, real, NOW));
    }

    private static ModelCard card(String modelId, int version, Instant createdAt) {
        return new ModelCard(modelId, version, "cnn", Emotion.labels(), List.of(1, 48, 48), Normalisation.FER2013, "model",
                1, true, null, null, List.of(), Map.of(), "cpu", createdAt);
    }
}
