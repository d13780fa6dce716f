package io.ferperturb.trainer.training;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Fer2013CsvReader;
import io.ferperturb.domain.data.ShardReader;
import io.ferperturb.domain.data.ShardSource;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.DatasetFormat;
import io.ferperturb.domain.event.InvalidEventException;
import io.ferperturb.storage.ObjectNotFoundException;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/** Reads a dataset named by an event from S3 into memory, verifying what it reads. */
public final class DatasetLoader {
    private final ObjectStore store;

    public DatasetLoader(ObjectStore store) {
        this.store = store;
    }

    /**
     * @param sha256 the content digest the event names (its {@code sha256}); null to take whatever is stored
     * @throws InvalidEventException if nothing usable is at the uri, or the stored dataset is not the content the
     *                               event names (replaced since): the event then goes to the dead-letter topic
     */
    public TrainingData load(String uri, String format, String sha256) {
        S3Uri location = S3Uri.parse(uri);
        try {
            return DatasetFormat.EMOTION_SHARDS.equals(format) ? loadShards(location.asPrefix(), sha256)
                    : loadCsv(location);
        } catch (ObjectNotFoundException e) {
            throw new InvalidEventException("the dataset at " + uri + " does not exist (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks, without reading the images, that a dataset is where the event says and is the content it names: the
     * trainer that hands an event's jobs out refuses a missing or replaced dataset before any replica takes a job on.
     *
     * @throws InvalidEventException as {@link #load} would
     */
    public void verify(String uri, String format, String sha256) {
        S3Uri location = S3Uri.parse(uri);
        try {
            if (DatasetFormat.EMOTION_SHARDS.equals(format)) {
                S3Uri prefix = location.asPrefix();
                checkContent(ShardReader.open(name -> store.open(prefix.resolve(name))).manifest(), prefix, sha256);
            } else if (!store.exists(location)) {
                throw new ObjectNotFoundException(location, null);
            }
        } catch (ObjectNotFoundException e) {
            throw new InvalidEventException("the dataset at " + uri + " does not exist (" + e.getMessage() + ")", e);
        }
    }

    /** The PrivateTest split and variant of an emotion-shards dataset (for {@code evaluateOn}). */
    public TestSplit loadTestSplit(S3Uri prefix) {
        try {
            ShardReader reader = ShardReader.open(name -> store.open(prefix.asPrefix().resolve(name)));
            return new TestSplit(reader.manifest().variant(), reader.readSplit(Split.PRIVATE_TEST));
        } catch (ObjectNotFoundException e) {
            throw new InvalidEventException("the dataset at " + prefix + " does not exist (" + e.getMessage() + ")", e);
        }
    }

    /** One dataset's test split. */
    public record TestSplit(String variant, SplitData test) {
    }

    private TrainingData loadShards(S3Uri prefix, String sha256) {
        ShardSource source = name -> store.open(prefix.resolve(name));
        ShardReader reader = ShardReader.open(source);
        DatasetManifest manifest = reader.manifest();
        checkContent(manifest, prefix, sha256);
        return new TrainingData(manifest.classes(), reader.readSplit(Split.TRAINING),
                reader.readSplit(Split.PUBLIC_TEST), reader.readSplit(Split.PRIVATE_TEST), manifest.trainingGroupSize());
    }

    private static void checkContent(DatasetManifest manifest, S3Uri prefix, String sha256) {
        if (sha256 != null && !sha256.equals(manifest.sha256())) {
            throw new InvalidEventException("dataset " + manifest.datasetId() + " at " + prefix + " is not the content "
                    + "the event names: its sha256 is " + manifest.sha256() + ", the event's " + sha256
                    + " (replaced since the event was sent); send a dataset-ready for the stored content");
        }
    }

    private TrainingData loadCsv(S3Uri object) {
        Map<Split, Accumulator> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, new Accumulator());
        }
        try (InputStream in = store.open(object); Fer2013CsvReader reader = Fer2013CsvReader.open(in)) {
            reader.readAll(face -> splits.get(face.split()).add(face));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + object + " failed", e);
        }
        return new TrainingData(Emotion.labels(), splits.get(Split.TRAINING).build(Split.TRAINING),
                splits.get(Split.PUBLIC_TEST).build(Split.PUBLIC_TEST),
                splits.get(Split.PRIVATE_TEST).build(Split.PRIVATE_TEST));
    }

    private static final class Accumulator {
        private final ByteArrayOutputStream labels = new ByteArrayOutputStream();
        private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();

        void add(FaceImage face) {
            labels.write(face.emotion());
            pixels.writeBytes(face.pixels());
        }

        SplitData build(Split split) {
            return new SplitData(split, labels.toByteArray(), pixels.toByteArray());
        }
    }
}
