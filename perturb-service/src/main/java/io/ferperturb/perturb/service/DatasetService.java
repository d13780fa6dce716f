package io.ferperturb.perturb.service;

import io.ferperturb.domain.Quoted;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.DirectoryShardSink;
import io.ferperturb.domain.data.DatasetFormatException;
import io.ferperturb.domain.data.DatasetProblem;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Fer2013CsvReader;
import io.ferperturb.domain.data.ImageFolderReader;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.domain.data.UploadLimits;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Events;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.event.TrainingLimits;
import io.ferperturb.domain.event.TrainingSpec;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.perturb.DatasetDescriptor;
import io.ferperturb.perturb.config.LimitsProducer;
import io.ferperturb.perturb.config.PerturbConfig;
import io.ferperturb.perturb.report.DistributionChart;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Owns datasets: ingests uploads into {@code emotion-shards}, lists and describes them. An upload is
 * validated and sharded in a local staging folder first; S3 sees it only when all of it is good, and
 * {@code manifest.json} goes last, so a dataset with a manifest is always complete. Every upload is read within
 * the {@link UploadLimits} and its staging within {@code fer.perturb.upload.max-staging-bytes}; the training it
 * asks for is checked against the {@link TrainingLimits} before a byte of it is read.
 */
@ApplicationScoped
public class DatasetService {
    /** S3's longest object key; a prefix as long leaves no room for the files below it anyway. */
    private static final int MAX_KEY_LENGTH = 1024;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final EventPublisher events;
    private final PerturbConfig config;
    private final UploadLimits uploadLimits;
    private final TrainingLimits trainingLimits;

    DatasetService(ObjectStore store, StorageLayout layout, EventPublisher events, PerturbConfig config,
            UploadLimits uploadLimits, TrainingLimits trainingLimits) {
        this.store = store;
        this.layout = layout;
        this.events = events;
        this.config = config;
        this.uploadLimits = uploadLimits;
        this.trainingLimits = trainingLimits;
    }

    /** Reads a dataset from an upload or a stored prefix, handing every face to the writer. */
    @FunctionalInterface
    public interface FaceSource {
        void readInto(Consumer<FaceImage> sink);
    }

    /**
     * Stores a FER2013 CSV (plain or gzip) as shards and, unless {@code training} is null, publishes
     * dataset-ready asking for those jobs (an empty list means the trainer's defaults).
     */
    public DatasetDescriptor ingestCsv(String datasetId, InputStream csv, boolean replace, List<TrainingSpec> training) {
        return ingest(datasetId, replace, training, sink -> {
            try (Fer2013CsvReader reader = Fer2013CsvReader.open(csv, uploadLimits)) {
                reader.readAll(sink);
            }
        });
    }

    /** Stores an image-folder zip ({@code train/<class>/*.png}, {@code test/<class>/*.png}) streamed from the body. */
    public DatasetDescriptor ingestZip(String datasetId, InputStream zip, boolean replace, List<TrainingSpec> training) {
        return ingest(datasetId, replace, training, sink -> ImageFolderReader.readZip(zip, uploadLimits, sink));
    }

    /** Stores the image-folder layout found under an S3 prefix (e.g. {@code s3://uploads/fer/}). */
    public DatasetDescriptor ingestPrefix(String datasetId, S3Uri prefix, boolean replace, List<TrainingSpec> training) {
        checkRequest(datasetId, replace, training);
        S3Uri folder = prefix.asPrefix();
        checkLocation(folder);
        SortedMap<String, Long> sizes = store.listSizes(folder);
        Map<String, Long> byName = new LinkedHashMap<>();
        sizes.forEach((key, size) -> byName.put(key.substring(folder.key().length()), size));
        if (byName.isEmpty()) {
            throw new DatasetFormatException("not a valid image-folder dataset", DatasetProblem.general(
                    "no objects under " + folder + "; expected train/<class>/*.png and test/<class>/*.png"));
        }
        return ingest(datasetId, replace, training, sink -> ImageFolderReader.readFiles(byName.keySet(),
                new ImageFolderReader.FileSource() {
                    @Override
                    public long size(String name) {
                        return byName.get(name);
                    }

                    @Override
                    public byte[] read(String name) {
                        return store.get(folder.resolve(name));
                    }
                }, uploadLimits, sink));
    }

    /**
     * @throws InvalidImportException for a bucket name or key S3 would refuse, or a bucket that does not exist:
     *                                the caller named them, so they are theirs to fix
     */
    private void checkLocation(S3Uri folder) {
        if (folder.key().length() > MAX_KEY_LENGTH) {
            throw new InvalidImportException("the folder's key is " + folder.key().length() + " characters long; S3 "
                    + "keys have at most " + MAX_KEY_LENGTH);
        }
        if (folder.key().chars().anyMatch(Character::isISOControl)
                || Arrays.stream(folder.key().split("/")).anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new InvalidImportException("the folder's key holds control characters or '.' or '..' segments; a "
                    + "dataset's folder is a plain prefix such as fer/ (holding fer/train/happy/1.png)");
        }
        boolean exists;
        try {
            exists = store.bucketExists(folder.bucket());
        } catch (IllegalArgumentException e) {
            throw new InvalidImportException("'" + Quoted.shortened(folder.bucket()) + "' is not a valid S3 bucket name ("
                    + e.getMessage() + ")");
        }
        if (!exists) {
            throw new InvalidImportException("no bucket '" + Quoted.shortened(folder.bucket()) + "' on this server's S3; "
                    + "the uri names the bucket and folder that hold train/<class>/ and test/<class>/");
        }
    }

    /** The dataset id is valid, free (unless replaced), and the training asked for is within the limits. */
    private void checkRequest(String datasetId, boolean replace, List<TrainingSpec> training) {
        Events.checkDatasetId(datasetId);
        if (!replace && exists(datasetId)) {
            throw new DatasetExistsException(datasetId);
        }
        if (training == null) {
            return;
        }
        trainingLimits.checkJobs("the training jobs of one upload (its architectures)", Math.max(1, training.size()));
        for (TrainingSpec spec : training) {
            Hyperparameters h = spec.hyperparameters();
            trainingLimits.checkEpochs("epochs", h.epochs());
            trainingLimits.checkBatchSize("batchSize", h.batchSize());
        }
    }

    /**
     * Validates and shards everything {@code source} yields in a staging folder, then uploads it (the
     * manifest last) and publishes dataset-ready unless {@code training} is null.
     */
    private DatasetDescriptor ingest(String datasetId, boolean replace, List<TrainingSpec> training, FaceSource source) {
        checkRequest(datasetId, replace, training);
        long t0 = System.nanoTime();
        Path staging = createStaging();
        try {
            DatasetManifest manifest;
            StagingQuota quota = new StagingQuota(new DirectoryShardSink(staging),
                    config.upload().maxStagingBytes().asLongValue(), LimitsProducer.UPLOAD_KEYS + ".max-staging-bytes");
            try (ShardWriter writer = new ShardWriter(quota, config.recordsPerShard())) {
                source.readInto(writer::write);
                manifest = writer.finish(datasetId, "original", null);
            }
            upload(datasetId, staging, manifest);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Log.infof("dataset %s stored: %d images in %d shards, %.1f s (%.0f images/s)", datasetId,
                    manifest.datasetCounts().total(), manifest.shards().size(), seconds,
                    manifest.datasetCounts().total() / seconds);
            String eventId = training == null ? null : publish(manifest, training);
            return describe(manifest, eventId);
        } finally {
            deleteTree(staging);
        }
    }

    /** The stored manifest of a dataset. */
    public DatasetManifest manifest(String datasetId) {
        S3Uri key = layout.datasetManifest(datasetId);
        if (!Events.DATASET_ID.matcher(datasetId).matches() || !store.exists(key)) {
            throw new UnknownDatasetException(datasetId);
        }
        return DatasetManifest.fromJson(store.get(key));
    }

    /** The class-distribution bar chart (counts per split and class), rendered from the manifest. */
    public byte[] distributionPng(String datasetId) {
        return DistributionChart.png(manifest(datasetId));
    }

    /**
     * A figure or file the experiments stored with a dataset ({@code clusters.png}, {@code elbow.json}…).
     *
     * @throws UnknownDatasetException if the dataset does not exist
     * @throws ArtifactNotFoundException if it exists but has no such artifact yet
     */
    public byte[] artifact(String datasetId, String name, String howToGetIt) {
        manifest(datasetId);
        return findArtifact(datasetId, name).orElseThrow(() -> new ArtifactNotFoundException("dataset " + datasetId
                + " has no " + name + " yet: " + howToGetIt));
    }

    /** A file stored with a dataset, if it is there. */
    public Optional<byte[]> findArtifact(String datasetId, String name) {
        S3Uri key = layout.dataset(datasetId).resolve(name);
        return store.exists(key) ? Optional.of(store.get(key)) : Optional.empty();
    }

    public List<DatasetDescriptor> list() {
        return store.listFolders(S3Uri.of(layout.datasetsBucket(), "")).stream()
                .map(folder -> folder.substring(0, folder.length() - 1))
                .map(this::find)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(DatasetDescriptor::datasetId))
                .toList();
    }

    public DatasetDescriptor get(String datasetId) {
        return find(datasetId).orElseThrow(() -> new UnknownDatasetException(datasetId));
    }

    public Optional<DatasetDescriptor> find(String datasetId) {
        S3Uri manifestKey = layout.datasetManifest(datasetId);
        if (!Events.DATASET_ID.matcher(datasetId).matches() || !store.exists(manifestKey)) {
            return Optional.empty();
        }
        return Optional.of(describe(DatasetManifest.fromJson(store.get(manifestKey)), null));
    }

    private boolean exists(String datasetId) {
        return store.exists(layout.datasetManifest(datasetId));
    }

    private void upload(String datasetId, Path staging, DatasetManifest manifest) {
        S3Uri prefix = layout.dataset(datasetId);
        store.deletePrefix(prefix.resolve("shards/")); // a replaced dataset keeps no stale shards
        for (DatasetManifest.Shard shard : manifest.shards()) {
            store.putFile(prefix.resolve(shard.name()), staging.resolve(shard.name()), "application/octet-stream");
        }
        store.put(prefix.resolve(DatasetManifest.FILE_NAME), manifest.toJson(), "application/json");
    }

    private String publish(DatasetManifest manifest, List<TrainingSpec> training) {
        String eventId = UUID.randomUUID().toString();
        events.datasetReady(DatasetReady.of(eventId, manifest, layout.dataset(manifest.datasetId()).toString(), null,
                training.isEmpty() ? null : training));
        return eventId;
    }

    private DatasetDescriptor describe(DatasetManifest m, String eventId) {
        return new DatasetDescriptor(m.datasetId(), layout.dataset(m.datasetId()).toString(), m.format(), m.variant(),
                m.parentDatasetId(), m.datasetCounts().total(), m.counts(), m.countsByClass(), m.sha256(),
                m.createdAt(), eventId);
    }

    private Path createStaging() {
        try {
            Path base = Path.of(config.stagingDir());
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "dataset-upload-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging folder under " + config.stagingDir(), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Log.warnf("could not delete staging folder %s: %s", dir, e.getMessage());
        }
    }
}
