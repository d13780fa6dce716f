package io.ferperturb.domain.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads an emotion-shards dataset one shard at a time, verifying each shard against the manifest (size,
 * SHA-256, header, labels) before any of its faces is used — a damaged or half-uploaded dataset fails
 * with a {@link CorruptShardException} naming the shard instead of training on garbage. Memory: one shard
 * at a time for streaming, plus the result for {@link #readSplit}. Thread-safe for concurrent reads
 * (no shared mutable state). I/O failures surface as {@link UncheckedIOException}.
 */
public final class ShardReader {
    private final ShardSource source;
    private final DatasetManifest manifest;

    /** @throws DatasetFormatException if the manifest is not a readable, self-consistent one */
    public ShardReader(ShardSource source, DatasetManifest manifest) {
        manifest.validate();
        this.source = source;
        this.manifest = manifest;
    }

    /** Reads {@code manifest.json} from {@code source} and validates it. */
    public static ShardReader open(ShardSource source) {
        byte[] json;
        try (InputStream in = source.open(DatasetManifest.FILE_NAME)) {
            json = in.readAllBytes();
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new DatasetFormatException("not an emotion-shards dataset",
                    DatasetProblem.inFile(DatasetManifest.FILE_NAME, "missing: the dataset has no manifest (unfinished upload?)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ShardReader(source, DatasetManifest.fromJson(json));
    }

    public DatasetManifest manifest() {
        return manifest;
    }

    /** The faces of one split in stored order, loading one shard at a time. */
    public Stream<FaceImage> stream(Split split) {
        return stream(manifest.shardsOf(split));
    }

    /** Every face: Training, then PublicTest, then PrivateTest (manifest order). */
    public Stream<FaceImage> streamAll() {
        return stream(manifest.shards());
    }

    /** One split as contiguous label and pixel arrays (the fast path for trainers). */
    public SplitData readSplit(Split split) {
        List<DatasetManifest.Shard> shards = manifest.shardsOf(split);
        long total = shards.stream().mapToLong(DatasetManifest.Shard::records).sum();
        if (total * FaceImage.PIXELS > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException(split.usage() + " has " + total + " faces, too many for one array");
        }
        byte[] labels = new byte[(int) total];
        byte[] pixels = new byte[(int) total * FaceImage.PIXELS];
        int face = 0;
        for (DatasetManifest.Shard shard : shards) {
            byte[] content = load(shard);
            for (int r = 0; r < shard.records(); r++, face++) {
                int offset = ShardFormat.HEADER_BYTES + r * ShardFormat.RECORD_BYTES;
                labels[face] = content[offset];
                System.arraycopy(content, offset + 1, pixels, face * FaceImage.PIXELS, FaceImage.PIXELS);
            }
        }
        return new SplitData(split, labels, pixels);
    }

    /** Reads and checks every shard without keeping anything; for `dataset verify`-style checks. */
    public void verifyAll() {
        manifest.shards().forEach(this::load);
    }

    /**
     * Deliberately not SIZED: a sized stream may answer {@code count()} from the manifest without reading,
     * and a terminal operation should always mean the shards were read and verified.
     */
    private Stream<FaceImage> stream(List<DatasetManifest.Shard> shards) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new ShardIterator(shards),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The shard's bytes, after checking them against the manifest. */
    private byte[] load(DatasetManifest.Shard shard) {
        byte[] content = readExpected(shard);
        String actual = ShardFormat.sha256Hex(content, content.length);
        if (!actual.equals(shard.sha256())) {
            throw new CorruptShardException(shard.name(), "sha256 is " + actual + ", the manifest says "
                    + shard.sha256() + " (damaged or replaced)");
        }
        checkHeader(shard, content);
        for (int r = 0; r < shard.records(); r++) {
            int label = content[ShardFormat.HEADER_BYTES + r * ShardFormat.RECORD_BYTES];
            if (label < 0 || label >= Emotion.COUNT) {
                throw new CorruptShardException(shard.name(), "record " + r + " has label " + (label & 0xFF)
                        + ", must be 0-6");
            }
        }
        return content;
    }

    /** Reads exactly the manifest's size, noticing a shorter or longer object without reading it whole. */
    private byte[] readExpected(DatasetManifest.Shard shard) {
        int expected = (int) shard.bytes();
        try (InputStream in = source.open(shard.name())) {
            byte[] content = in.readNBytes(expected);
            if (content.length < expected) {
                throw new CorruptShardException(shard.name(), "truncated: " + content.length + " bytes, the manifest says "
                        + expected);
            }
            if (in.read() >= 0) {
                throw new CorruptShardException(shard.name(), "longer than the " + expected
                        + " bytes the manifest says");
            }
            return content;
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new CorruptShardException(shard.name(), "missing: the manifest lists it but it does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read shard " + shard.name(), e);
        }
    }

    private static void checkHeader(DatasetManifest.Shard shard, byte[] content) {
        ByteBuffer header = ByteBuffer.wrap(content, 0, ShardFormat.HEADER_BYTES);
        byte[] magic = new byte[ShardFormat.MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, ShardFormat.MAGIC)) {
            throw new CorruptShardException(shard.name(), "not an emotion-shards file (magic is not EMOSHRD1)");
        }
        int records = header.getInt();
        int recordBytes = header.getInt();
        if (records != shard.records() || recordBytes != ShardFormat.RECORD_BYTES) {
            throw new CorruptShardException(shard.name(), "header says " + records + " records of " + recordBytes
                    + " bytes, the manifest says " + shard.records() + " of " + ShardFormat.RECORD_BYTES);
        }
    }

    /** Walks the given shards, loading (and verifying) the next one only when the previous is used up. */
    private final class ShardIterator implements Iterator<FaceImage> {
        private final Iterator<DatasetManifest.Shard> shards;
        private Split split;
        private byte[] content;
        private int remaining;
        private int offset;

        ShardIterator(List<DatasetManifest.Shard> shards) {
            this.shards = shards.iterator();
        }

        @Override
        public boolean hasNext() {
            while (remaining == 0 && shards.hasNext()) {
                DatasetManifest.Shard shard = shards.next();
                content = load(shard);
                split = Split.ofUsage(shard.split());
                remaining = shard.records();
                offset = ShardFormat.HEADER_BYTES;
            }
            if (remaining == 0) {
                content = null;
            }
            return remaining > 0;
        }

        @Override
        public FaceImage next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int label = content[offset];
            byte[] pixels = Arrays.copyOfRange(content, offset + 1, offset + ShardFormat.RECORD_BYTES);
            offset += ShardFormat.RECORD_BYTES;
            remaining--;
            return new FaceImage(label, split, pixels);
        }
    }
}
