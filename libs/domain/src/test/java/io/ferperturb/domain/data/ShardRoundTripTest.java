package io.ferperturb.domain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardRoundTripTest {
    private static final Instant CREATED = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path root;

    /** 10 Training, 5 PublicTest and 3 PrivateTest faces, interleaved as a CSV would have them. */
    private static List<FaceImage> mixedFaces() {
        List<FaceImage> faces = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            Split split = i < 15 && i % 3 == 2 ? Split.PUBLIC_TEST : i >= 15 ? Split.PRIVATE_TEST : Split.TRAINING;
            faces.add(TestFaces.face(i, i % Emotion.COUNT, split));
        }
        return faces;
    }

    private DatasetManifest writeShards(List<FaceImage> faces, int recordsPerShard) {
        try (ShardWriter writer = new ShardWriter(new DirectoryShardSink(root), recordsPerShard,
                Clock.fixed(CREATED, ZoneOffset.UTC))) {
            faces.forEach(writer::write);
            return writer.finish("fer2013-test", "original", null);
        }
    }

    @Test
    void manifestDescribesShardsCountsAndDigests() throws Exception {
        DatasetManifest manifest = writeShards(mixedFaces(), 4);

        assertEquals(List.of("shards/Training-00000.bin", "shards/Training-00001.bin", "shards/Training-00002.bin",
                        "shards/PublicTest-00000.bin", "shards/PublicTest-00001.bin", "shards/PrivateTest-00000.bin"),
                manifest.shards().stream().map(DatasetManifest.Shard::name).toList());
        assertEquals(List.of(4, 4, 2, 4, 1, 3), manifest.shards().stream().map(DatasetManifest.Shard::records).toList());
        assertEquals(Map.of("Training", 10L, "PublicTest", 5L, "PrivateTest", 3L), manifest.counts());
        long happyTraining = mixedFaces().stream()
                .filter(f -> f.split() == Split.TRAINING && f.emotion() == Emotion.HAPPY.index()).count();
        assertEquals(happyTraining, manifest.countsByClass().get("Training").get("happy"));
        assertEquals(List.of(1, 48, 48), manifest.imageShape());
        assertEquals(2305, manifest.recordBytes());
        assertEquals(CREATED, manifest.createdAt());

        StringBuilder digests = new StringBuilder();
        for (DatasetManifest.Shard shard : manifest.shards()) {
            byte[] file = Files.readAllBytes(root.resolve(shard.name()));
            assertEquals(shard.bytes(), file.length);
            assertEquals(16 + shard.records() * 2305L, file.length);
            assertEquals(sha256(file), shard.sha256());
            assertArrayEquals("EMOSHRD1".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(file, 8));
            digests.append(shard.sha256());
        }
        assertEquals(sha256(digests.toString().getBytes(StandardCharsets.US_ASCII)), manifest.sha256());
        assertEquals(manifest, DatasetManifest.fromJson(Files.readAllBytes(root.resolve("manifest.json"))));
    }

    @Test
    void facesComeBackPerSplitInWriteOrder() {
        List<FaceImage> faces = mixedFaces();
        writeShards(faces, 4);
        ShardReader reader = ShardReader.open(new DirectoryShardSource(root));

        for (Split split : Split.values()) {
            List<FaceImage> expected = faces.stream().filter(f -> f.split() == split).toList();
            List<FaceImage> read = reader.stream(split).toList();
            assertEquals(expected.size(), read.size(), split.usage());
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(TestFaces.samePixels(expected.get(i), read.get(i)), split + " face " + i);
            }
        }
        assertEquals(faces.size(), reader.streamAll().count());
    }

    @Test
    void readSplitFillsContiguousArrays() {
        List<FaceImage> faces = mixedFaces();
        writeShards(faces, 4);
        List<FaceImage> training = faces.stream().filter(f -> f.split() == Split.TRAINING).toList();

        SplitData data = ShardReader.open(new DirectoryShardSource(root)).readSplit(Split.TRAINING);

        assertEquals(training.size(), data.size());
        assertEquals(training.size() * FaceImage.PIXELS, data.pixels().length);
        for (int i = 0; i < training.size(); i++) {
            assertEquals(training.get(i).emotion(), data.label(i));
            assertArrayEquals(training.get(i).pixels(), java.util.Arrays.copyOfRange(data.pixels(),
                    data.pixelOffset(i), data.pixelOffset(i) + FaceImage.PIXELS));
            assertTrue(TestFaces.samePixels(training.get(i), data.face(i)));
        }
    }

    @Test
    void fullShardsReachTheSinkBeforeFinish() {
        Map<String, byte[]> stored = new LinkedHashMap<>();
        ShardWriter writer = new ShardWriter(stored::put, 3);
        for (int i = 0; i < 7; i++) {
            writer.write(TestFaces.face(i, 0, Split.TRAINING));
        }
        writer.write(TestFaces.face(99, 0, Split.PRIVATE_TEST));

        assertEquals(List.of("shards/Training-00000.bin", "shards/Training-00001.bin"), List.copyOf(stored.keySet()));

        DatasetManifest manifest = writer.finish("fer2013");
        assertEquals(List.of("shards/Training-00000.bin", "shards/Training-00001.bin", "shards/Training-00002.bin",
                "shards/PrivateTest-00000.bin", "manifest.json"), List.copyOf(stored.keySet()));
        assertEquals(0, manifest.counts().get("PublicTest"));
        assertTrue(manifest.shardsOf(Split.PUBLIC_TEST).isEmpty());
        assertThrows(IllegalStateException.class, () -> writer.write(TestFaces.face(1, 0, Split.TRAINING)));
    }

    @Test
    void flippedByteIsDetectedAndNamesTheShard() throws IOException {
        writeShards(mixedFaces(), 4);
        Path shard = root.resolve("shards/Training-00001.bin");
        byte[] content = Files.readAllBytes(shard);
        content[16 + 2305 + 100] ^= 0x01;
        Files.write(shard, content);
        ShardReader reader = ShardReader.open(new DirectoryShardSource(root));

        CorruptShardException error = assertThrows(CorruptShardException.class,
                () -> reader.stream(Split.TRAINING).toList());

        assertEquals("shards/Training-00001.bin", error.shardName());
        assertTrue(error.getMessage().contains("sha256"), error.getMessage());
        assertEquals(5, reader.stream(Split.PUBLIC_TEST).count(), "other splits stay readable");
    }

    @Test
    void truncatedShardIsDetected() throws IOException {
        writeShards(mixedFaces(), 4);
        Path shard = root.resolve("shards/PrivateTest-00000.bin");
        byte[] content = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(content, content.length - 1000));
        ShardReader reader = ShardReader.open(new DirectoryShardSource(root));

        CorruptShardException error = assertThrows(CorruptShardException.class,
                () -> reader.readSplit(Split.PRIVATE_TEST));

        assertEquals("shards/PrivateTest-00000.bin", error.shardName());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void missingShardAndExtraBytesAreDetected() throws IOException {
        writeShards(mixedFaces(), 4);
        Files.delete(root.resolve("shards/PublicTest-00001.bin"));
        Path grown = root.resolve("shards/Training-00000.bin");
        Files.write(grown, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        ShardReader reader = ShardReader.open(new DirectoryShardSource(root));

        CorruptShardException longer = assertThrows(CorruptShardException.class, reader::verifyAll);
        assertEquals("shards/Training-00000.bin", longer.shardName());
        assertTrue(longer.getMessage().contains("longer than"), longer.getMessage());
        CorruptShardException missing = assertThrows(CorruptShardException.class,
                () -> reader.readSplit(Split.PUBLIC_TEST));
        assertEquals("shards/PublicTest-00001.bin", missing.shardName());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }

    @Test
    void headerThatDisagreesWithTheManifestIsDetectedEvenWithAMatchingDigest() throws IOException {
        Map<String, byte[]> stored = new LinkedHashMap<>();
        ShardWriter writer = new ShardWriter(stored::put, 4);
        mixedFaces().forEach(writer::write);
        DatasetManifest manifest = writer.finish("fer2013");
        byte[] shard = stored.get("shards/PrivateTest-00000.bin");
        shard[11] = 2;
        List<DatasetManifest.Shard> shards = new ArrayList<>(manifest.shards());
        DatasetManifest.Shard old = shards.get(5);
        shards.set(5, new DatasetManifest.Shard(old.name(), old.split(), old.records(), old.bytes(),
                sha256(shard)));
        DatasetManifest doctored = DatasetManifest.describe("fer2013", manifest.datasetCounts(), shards, null, null,
                CREATED);
        ShardReader reader = new ShardReader(name -> new ByteArrayInputStream(stored.get(name)), doctored);

        CorruptShardException error = assertThrows(CorruptShardException.class,
                () -> reader.stream(Split.PRIVATE_TEST).count());

        assertTrue(error.getMessage().contains("header says 2 records"), error.getMessage());
    }

    @Test
    void streamingLoadsOneShardAtATime() {
        writeShards(mixedFaces(), 4);
        DirectoryShardSource directory = new DirectoryShardSource(root);
        AtomicInteger opened = new AtomicInteger();
        ShardReader reader = new ShardReader(name -> {
            opened.incrementAndGet();
            return directory.open(name);
        }, ShardReader.open(directory).manifest());

        reader.stream(Split.TRAINING).limit(5).count();

        assertEquals(2, opened.get());
    }

    @Test
    void unfinishedDatasetHasNoManifest() {
        try (ShardWriter writer = new ShardWriter(new DirectoryShardSink(root), 2)) {
            mixedFaces().forEach(writer::write);
        }

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ShardReader.open(new DirectoryShardSource(root)));

        assertTrue(error.getMessage().contains("manifest.json"), error.getMessage());
        assertFalse(Files.exists(root.resolve("manifest.json")));
    }

    @Test
    void directorySinkRefusesNamesOutsideItsFolder() {
        DirectoryShardSink sink = new DirectoryShardSink(root.resolve("dataset"));

        assertThrows(IllegalArgumentException.class, () -> sink.put("../escape.bin", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> sink.put("/etc/escape.bin", new byte[1]));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
