package io.ferperturb.domain.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes faces as an emotion-shards dataset. Faces of each split are buffered until a shard is full, which
 * then goes to the {@link ShardSink} at once, so memory stays at about one shard per split (~28 MB at the
 * default 4,096 records) however large the dataset. {@link #finish} writes the last partial shards and
 * {@code manifest.json} — written last, so a dataset without a manifest is an unfinished one.
 *
 * <p>Records keep their input order within a split. Sink failures surface as {@link UncheckedIOException}.
 * Not thread-safe. {@link #close()} without {@code finish} abandons the dataset (the shards already
 * stored stay, with no manifest pointing at them).
 */
public final class ShardWriter implements AutoCloseable {
    /** Dataset ids as the event contract allows them. */
    public static final Pattern DATASET_ID = io.ferperturb.domain.event.Events.DATASET_ID;
    private static final int INITIAL_BUFFER_RECORDS = 256;

    private final ShardSink sink;
    private final int recordsPerShard;
    private final Clock clock;
    private final SplitBuffer[] buffers = new SplitBuffer[Split.values().length];
    private final List<DatasetManifest.Shard> written = new ArrayList<>();
    private final DatasetCounts.Tally tally = new DatasetCounts.Tally();
    private boolean open = true;
    private int trainingGroupSize = 1;
    private long trainingRecords;

    /** Shards of {@value ShardFormat#DEFAULT_RECORDS_PER_SHARD} records. */
    public ShardWriter(ShardSink sink) {
        this(sink, ShardFormat.DEFAULT_RECORDS_PER_SHARD);
    }

    public ShardWriter(ShardSink sink, int recordsPerShard) {
        this(sink, recordsPerShard, Clock.systemUTC());
    }

    /** @param clock sets the manifest's {@code createdAt} */
    public ShardWriter(ShardSink sink, int recordsPerShard, Clock clock) {
        if (recordsPerShard < 1 || recordsPerShard > ShardFormat.MAX_RECORDS_PER_SHARD) {
            throw new IllegalArgumentException("records per shard must be 1–" + ShardFormat.MAX_RECORDS_PER_SHARD
                    + ", got " + recordsPerShard);
        }
        this.sink = sink;
        this.recordsPerShard = recordsPerShard;
        this.clock = clock;
    }

    /**
     * Stores the Training split in groups of {@code groupSize} adjacent records (an image's perturbed copies)
     * that no shard boundary splits: a Training shard then holds the largest multiple of {@code groupSize}
     * that fits {@code recordsPerShard}, and the manifest says {@code groupSize}. Call before writing any
     * Training face; the Training faces written must fill whole groups.
     */
    public ShardWriter groupTraining(int groupSize) {
        if (groupSize < 1 || groupSize > recordsPerShard) {
            throw new IllegalArgumentException("a group holds 1–" + recordsPerShard + " records (one shard), got "
                    + groupSize);
        }
        if (trainingRecords > 0) {
            throw new IllegalStateException("Training faces were written before the group size was set");
        }
        trainingGroupSize = groupSize;
        return this;
    }

    public void write(FaceImage face) {
        if (!open) {
            throw new IllegalStateException("the dataset was already finished or closed");
        }
        if (face.split() == Split.TRAINING) {
            trainingRecords++;
        }
        SplitBuffer buffer = buffers[face.split().ordinal()];
        if (buffer == null) {
            buffer = new SplitBuffer(face.split());
            buffers[face.split().ordinal()] = buffer;
        }
        buffer.append(face);
        tally.add(face);
        if (buffer.records == buffer.capacity) {
            buffer.flush();
        }
    }

    /** Every face of a split, in order. */
    public void write(SplitData split) {
        for (int i = 0; i < split.size(); i++) {
            write(split.face(i));
        }
    }

    /** Counts of the faces written so far. */
    public DatasetCounts counts() {
        return tally.snapshot();
    }

    /** {@link #finish(String, String, String)} for an original dataset with no parent. */
    public DatasetManifest finish(String datasetId) {
        return finish(datasetId, null, null);
    }

    /**
     * Stores the remaining partial shards and then {@code manifest.json}, and returns the manifest.
     *
     * @param variant         original, perturbed or occluded; may be null
     * @param parentDatasetId the dataset this one derives from; may be null
     */
    public DatasetManifest finish(String datasetId, String variant, String parentDatasetId) {
        if (datasetId == null || !DATASET_ID.matcher(datasetId).matches()) {
            throw new IllegalArgumentException("datasetId must match " + DATASET_ID.pattern() + ", got '" + datasetId + "'");
        }
        if (!open) {
            throw new IllegalStateException("the dataset was already finished or closed");
        }
        if (trainingRecords % trainingGroupSize != 0) {
            throw new IllegalStateException(trainingRecords + " Training faces do not fill groups of "
                    + trainingGroupSize);
        }
        for (SplitBuffer buffer : buffers) {
            if (buffer != null && buffer.records > 0) {
                buffer.flush();
            }
        }
        open = false;
        List<DatasetManifest.Shard> shards = new ArrayList<>(written);
        shards.sort(Comparator.comparing((DatasetManifest.Shard s) -> Split.ofUsage(s.split()))
                .thenComparing(DatasetManifest.Shard::name));
        DatasetManifest manifest = DatasetManifest.describe(datasetId, tally.snapshot(), shards, variant,
                parentDatasetId, Instant.now(clock), trainingGroupSize);
        put(DatasetManifest.FILE_NAME, manifest.toJson());
        Arrays.fill(buffers, null);
        return manifest;
    }

    @Override
    public void close() {
        open = false;
        Arrays.fill(buffers, null);
    }

    private void put(String name, byte[] content) {
        try {
            sink.put(name, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store " + name, e);
        }
    }

    /** The shard being filled for one split; grows up to one full shard. */
    private final class SplitBuffer {
        private final Split split;
        /** Records per shard: whole groups only in the Training split. */
        private final int capacity;
        private int nextIndex;
        private byte[] bytes;
        private int records;

        SplitBuffer(Split split) {
            this.split = split;
            this.capacity = split == Split.TRAINING ? recordsPerShard - recordsPerShard % trainingGroupSize
                    : recordsPerShard;
            this.bytes = new byte[bufferBytes(Math.min(INITIAL_BUFFER_RECORDS, recordsPerShard))];
        }

        void append(FaceImage face) {
            int offset = (int) ShardFormat.shardBytes(records);
            if (offset + ShardFormat.RECORD_BYTES > bytes.length) {
                bytes = Arrays.copyOf(bytes, bufferBytes(Math.min(recordsPerShard, records * 2)));
            }
            bytes[offset] = (byte) face.emotion();
            System.arraycopy(face.pixels(), 0, bytes, offset + 1, FaceImage.PIXELS);
            records++;
        }

        /** Hands the shard to the sink; the array then belongs to the sink, so a new one is started. */
        void flush() {
            int size = (int) ShardFormat.shardBytes(records);
            byte[] content = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
            ShardFormat.writeHeader(content, records);
            String name = ShardFormat.shardName(split, nextIndex++);
            String sha256 = ShardFormat.sha256Hex(content, content.length);
            put(name, content);
            written.add(new DatasetManifest.Shard(name, split.usage(), records, content.length, sha256));
            records = 0;
            bytes = new byte[bufferBytes(Math.min(INITIAL_BUFFER_RECORDS, recordsPerShard))];
        }

        private int bufferBytes(int capacityRecords) {
            return (int) ShardFormat.shardBytes(capacityRecords);
        }
    }
}
