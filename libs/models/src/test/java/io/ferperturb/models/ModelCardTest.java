package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.CheckpointReady;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCardTest {

    @Test
    void theCheckpointReadyEventTakesEverythingButItsIdAndPlaceFromTheCard() {
        Instant at = Instant.parse("2026-11-28T12:00:00Z");
        ModelCard card = new ModelCard("cnn-d-perturbed-k3", 2, "cnn", Emotion.labels(), List.of(1, 40, 40),
                Normalisation.FER2013, "model", 7, true,
                new Lineage("d-perturbed-k3", "perturbed", "d", "job-1", "event-1", "s3://datasets/d-perturbed-k3/clusters.json"),
                null, List.of(), Map.of("epochs", 7, "crop", 40), "cpu", at);
        assertEquals(new CheckpointReady("e", "cnn-d-perturbed-k3", 2, "job-1", "cnn", "d-perturbed-k3", "perturbed",
                "s3://models/cnn-d-perturbed-k3/v2/", "djl", Emotion.labels(), List.of(1, 40, 40), 7, true, null,
                Map.of("epochs", 7, "crop", 40), "cpu", "event-1", List.of(), at),
                card.checkpointReady("e", "s3://models/cnn-d-perturbed-k3/v2/", "djl"));
    }
}
