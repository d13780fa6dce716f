package io.ferperturb.perturb.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.DatasetCounts;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A derived dataset's id names what it was made from, so no experiment rewrites another's dataset. */
class DerivedIdsTest {
    private static final ClusterMap BANDS = bands(0);

    @Test
    void theSameInputsGiveTheSameIdAndAnyOtherInputAnother() {
        DatasetManifest fer = source("fer2013", "aa");
        String id = DerivedDatasets.perturbedId(fer, BANDS, Fill.parse("zero"), true);
        assertTrue(id.matches("fer2013-perturbed-k3-[0-9a-f]{8}"), id);
        assertEquals(id, DerivedDatasets.perturbedId(source("fer2013", "aa"), bands(0), Fill.parse("zero"), true));
        assertNotEquals(id, DerivedDatasets.perturbedId(fer, bands(1), Fill.parse("zero"), true), "another cluster map");
        assertNotEquals(id, DerivedDatasets.perturbedId(fer, BANDS, Fill.parse("mean"), true), "another fill");
        assertNotEquals(id, DerivedDatasets.perturbedId(fer, BANDS, Fill.parse("zero"), false), "originals left out");
        assertNotEquals(id, DerivedDatasets.perturbedId(source("fer2013", "bb"), BANDS, Fill.parse("zero"), true),
                "the source replaced with other content");
        assertTrue(DerivedDatasets.occludedId(fer, 42).matches("fer2013-occluded-[0-9a-f]{8}"));
        assertNotEquals(DerivedDatasets.occludedId(fer, 42), DerivedDatasets.occludedId(fer, 43), "another seed");
    }

    @Test
    void aLongSourceIdIsShortenedToAValidDatasetIdThatStaysUnique() {
        String longId = "a".repeat(60);
        String one = DerivedDatasets.perturbedId(source(longId, "aa"), BANDS, Fill.parse("zero"), true);
        String other = DerivedDatasets.perturbedId(source(longId + "b", "aa"), BANDS, Fill.parse("zero"), true);
        assertTrue(Events.DATASET_ID.matcher(one).matches(), one);
        assertEquals(63, one.length());
        assertNotEquals(one, other);
    }

    private static DatasetManifest source(String id, String sha) {
        DatasetManifest m = DatasetManifest.describe(id, DatasetCounts.empty(), List.of(), "original", null, Instant.EPOCH);
        return new DatasetManifest(m.format(), m.formatVersion(), m.datasetId(), m.classes(), m.imageShape(),
                m.recordBytes(), m.counts(), m.countsByClass(), m.shards(), sha, m.variant(), m.parentDatasetId(),
                m.createdAt(), m.groupSize());
    }

    /** Three horizontal bands, the first {@code shift} rows moved to the last band. */
    private static ClusterMap bands(int shift) {
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = Math.min(2, (p / FaceImage.SIDE + (p / FaceImage.SIDE < shift ? 48 : 0)) / 16);
        }
        return ClusterMap.of(3, labels);
    }
}
