package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetCountsTest {

    @Test
    void listsEverySplitAndClassInDatasetOrder() {
        DatasetCounts.Tally tally = new DatasetCounts.Tally();
        tally.add(Split.PRIVATE_TEST, Emotion.NEUTRAL.index());
        tally.add(Split.PRIVATE_TEST, Emotion.NEUTRAL.index());
        tally.add(Split.TRAINING, Emotion.ANGRY.index());

        DatasetCounts counts = tally.snapshot();

        assertEquals(List.of("Training", "PublicTest", "PrivateTest"), List.copyOf(counts.counts().keySet()));
        assertEquals(Emotion.labels(), List.copyOf(counts.countsByClass().get("PublicTest").keySet()));
        assertEquals(0, counts.count(Split.PUBLIC_TEST));
        assertEquals(2, counts.count(Split.PRIVATE_TEST, Emotion.NEUTRAL));
        assertEquals(3, counts.total());
    }

    @Test
    void serialisesAsTheTwoMapsOnly() throws Exception {
        DatasetCounts counts = DatasetCounts.empty();

        JsonNode json = Json.MAPPER.readTree(Json.write(counts));

        assertEquals(List.of("counts", "countsByClass"), List.copyOf(iterable(json.fieldNames())));
        assertEquals(counts, Json.read(Json.write(counts).getBytes(), DatasetCounts.class));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
