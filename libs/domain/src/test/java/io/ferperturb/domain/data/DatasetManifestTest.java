package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferperturb.domain.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetManifestTest {
    private static final String DIGEST = "a".repeat(64);

    private static DatasetManifest manifest(List<DatasetManifest.Shard> shards) {
        DatasetCounts.Tally tally = new DatasetCounts.Tally();
        shards.forEach(s -> {
            for (int i = 0; i < s.records(); i++) {
                tally.add(Split.ofUsage(s.split()), 3);
            }
        });
        return DatasetManifest.describe("fer2013", tally.snapshot(), shards, null, null,
                Instant.parse("2026-11-28T12:00:00Z"));
    }

    private static DatasetManifest.Shard shard(String name, String split, int records) {
        return new DatasetManifest.Shard(name, split, records, ShardFormat.shardBytes(records), DIGEST);
    }

    @Test
    void jsonHasTheContractFieldsAndLeavesOutNulls() throws Exception {
        DatasetManifest manifest = manifest(List.of(shard("shards/Training-00000.bin", "Training", 2)));

        JsonNode json = Json.MAPPER.readTree(manifest.toJson());

        assertEquals("emotion-shards", json.get("format").asText());
        assertEquals(1, json.get("formatVersion").asInt());
        assertEquals(Emotion.labels().get(6), json.get("classes").get(6).asText());
        assertEquals(2, json.get("counts").get("Training").asLong());
        assertEquals(2, json.get("countsByClass").get("Training").get("happy").asLong());
        assertEquals("2026-11-28T12:00:00Z", json.get("createdAt").asText());
        assertFalse(json.has("variant"));
        assertFalse(json.has("parentDatasetId"));
        assertFalse(json.has("datasetCounts"));
    }

    @Test
    void readsBackEqualAndIgnoresUnknownFields() throws Exception {
        DatasetManifest manifest = manifest(List.of(shard("shards/Training-00000.bin", "Training", 2)))
                .withVariant("perturbed").withParentDatasetId("fer2013-parent");
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(manifest.toJson());
        json.put("addedInVersion2", "whatever");
        ((ObjectNode) json.get("shards").get(0)).put("compression", "none");

        DatasetManifest read = DatasetManifest.fromJson(Json.MAPPER.writeValueAsBytes(json));

        assertEquals(manifest, read);
        read.validate();
    }

    @Test
    void datasetDigestIsSha256OverTheShardDigestsInOrder() {
        List<DatasetManifest.Shard> shards = List.of(
                new DatasetManifest.Shard("a", "Training", 0, 16, "0".repeat(64)),
                new DatasetManifest.Shard("b", "Training", 0, 16, "f".repeat(64)));

        assertEquals(ShardRoundTripTest.sha256(("0".repeat(64) + "f".repeat(64)).getBytes()),
                DatasetManifest.datasetDigest(shards));
        assertFalse(DatasetManifest.datasetDigest(shards).equals(DatasetManifest.datasetDigest(List.of(shards.get(1), shards.get(0)))));
    }

    @Test
    void validationListsEveryInconsistency() {
        DatasetManifest good = manifest(List.of(shard("shards/Training-00000.bin", "Training", 2)));
        DatasetManifest bad = new DatasetManifest(good.format(), 2, good.datasetId(), good.classes(),
                good.imageShape(), good.recordBytes(), good.counts(), good.countsByClass(),
                List.of(new DatasetManifest.Shard("../../etc/passwd", "Training", 2, ShardFormat.shardBytes(2), DIGEST),
                        new DatasetManifest.Shard("shards/x.bin", "Validation", 1, 99, "XYZ")),
                good.sha256(), null, null, good.createdAt(), null);

        DatasetFormatException error = assertThrows(DatasetFormatException.class, bad::validate);

        String message = error.getMessage();
        assertTrue(message.contains("formatVersion 2 is not supported"), message);
        assertTrue(message.contains("'..'"), message);
        assertTrue(message.contains("Usage must be Training, PublicTest or PrivateTest"), message);
        assertTrue(message.contains("size 99 does not fit 1 records"), message);
        assertTrue(message.contains("sha256 must be 64 lower-case hex digits"), message);
    }

    @Test
    void countsThatDisagreeWithTheShardsAreRejected() {
        DatasetManifest good = manifest(List.of(shard("shards/Training-00000.bin", "Training", 2)));
        DatasetManifest bad = new DatasetManifest(good.format(), good.formatVersion(), good.datasetId(),
                good.classes(), good.imageShape(), good.recordBytes(), java.util.Map.of("Training", 3L),
                good.countsByClass(), good.shards(), good.sha256(), null, null, good.createdAt(), null);

        DatasetFormatException error = assertThrows(DatasetFormatException.class, bad::validate);

        assertTrue(error.getMessage().contains("counts say Training has 3 faces, its shards hold 2"), error.getMessage());
    }

    @Test
    void garbageJsonIsAFormatError() {
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> DatasetManifest.fromJson("{not json".getBytes()));

        assertEquals("manifest.json", error.problems().get(0).source());
    }
}
