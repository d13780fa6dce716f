package io.ferperturb.inference.batch;

import io.ferperturb.domain.Quoted;
import io.ferperturb.commons.Replicas;
import io.ferperturb.commons.ApiException;
import io.ferperturb.commons.StorageConfig;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.serving.LimitExceededException;
import io.ferperturb.inference.TemporaryUpload;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.inference.predict.ModelSelection;
import io.ferperturb.inference.predict.PredictionService;
import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Batch jobs: checks and starts them, answers their progress, and resumes a running batch whose replica stopped
 * renewing its lease (restarted, scaled down, dead) on the next {@code GET /batches/{id}}, from its cursor in S3.
 * Resuming on a read rather than by scanning S3 at start-up keeps a restarted fleet from racing for every batch at
 * once, and needs no timer; the claim per attempt (a conditional write in S3) lets one replica win.
 */
@ApplicationScoped
public class BatchService {
    private final BatchStore store;
    private final BatchRunner runner;
    private final PredictionService predictions;
    private final ModelRegistry registry;
    private final ObjectStore objects;
    private final StorageConfig storage;
    private final InferenceConfig.Batches config;
    private final FaceDetector.Kind defaultDetector;
    private final ExecutorService running;
    private final Set<String> here = ConcurrentHashMap.newKeySet();
    private final String replica = Replicas.processId();

    BatchService(BatchStore store, BatchRunner runner, PredictionService predictions, ModelRegistry registry,
            ObjectStore objects, StorageConfig storage, InferenceConfig config) {
        this.store = store;
        this.runner = runner;
        this.predictions = predictions;
        this.registry = registry;
        this.objects = objects;
        this.storage = storage;
        this.config = config.batches();
        this.defaultDetector = config.faces().detector();
        this.running = Executors.newFixedThreadPool(this.config.maxRunning(), r -> new Thread(r, "batch"));
    }

    @PreDestroy
    void stop() {
        running.shutdownNow();
    }

    /** Checks the request, lists its images, pins the model, stores the batch and starts it here. */
    public BatchStatus submit(BatchRequest request) {
        if (request == null || request.source() == null || request.source().isBlank()) {
            throw new InvalidRequestException("send {\"source\": \"s3://" + storage.datasetsBucket()
                    + "/prefix/\"} and optionally model, tta, faces (auto|none), detector (haar|blazeface) and format (jsonl|csv)");
        }
        S3Uri source = source(request.source());
        Settings settings = settings(request);
        List<BatchStore.Item> items = objects.listSizes(source).entrySet().stream()
                .filter(e -> !e.getKey().endsWith("/")).map(e -> new BatchStore.Item(e.getKey(), e.getValue())).toList();
        if (items.isEmpty()) {
            throw new InvalidRequestException("there is no object below " + source + ": put the images there first");
        }
        LimitExceededException.check("images", items.size(), config.maxItems(), "fer.inference.batches.max-items");
        return begin(UUID.randomUUID().toString(), source, items, settings);
    }

    /**
     * Starts a batch over the images of an uploaded zip ({@code request} without a source): the upload is received
     * to a temporary file within {@code fer.inference.batches.max-zip-bytes}, its images are stored in the batch's
     * {@code inputs/} folder, and from there it runs, and resumes, as a batch over that prefix.
     */
    public BatchStatus submitZip(InputStream body, BatchRequest request) {
        Settings settings = settings(request);
        String batchId = UUID.randomUUID().toString();
        Path zip = BatchZip.receive(body, config.maxZipBytes());
        try {
            List<BatchStore.Item> items = new ArrayList<>();
            BatchZip.read(zip, config.maxItems(), config.maxImageBytes(), entry -> items.add(entry.error() != null
                    ? new BatchStore.Item(entry.name(), 0, entry.error())
                    : new BatchStore.Item(store.putInput(batchId, entry.name(), entry.content()),
                            entry.content().length)));
            return begin(batchId, store.inputs(batchId), items, settings);
        } finally {
            TemporaryUpload.delete(zip);
        }
    }

    /** What a batch is answered with, checked and pinned before anything is stored. */
    private record Settings(String format, FaceFinder.Mode faces, FaceDetector.Kind detector, boolean tta,
            ModelRef asked, String model, List<String> classes) {
    }

    private Settings settings(BatchRequest request) {
        String format = request.format() == null ? BatchStore.JSONL : format(request.format());
        FaceFinder.Mode faces = FaceFinder.Mode.parse(request.faces());
        FaceDetector.Kind detector = FaceDetector.Kind.parse(request.detector(), defaultDetector);
        boolean tta = Boolean.TRUE.equals(request.tta());
        if (here.size() >= config.maxRunning()) {
            throw new Busy("this replica runs " + config.maxRunning() + " batches already "
                    + "(fer.inference.batches.max-running); retry when one has ended");
        }
        ModelRef asked = ModelRef.parseOr(request.model(), registry.servedAlias());
        try (ModelSelection selection = predictions.select(asked)) {
            return new Settings(format, faces, detector, tta, asked, pinned(selection), selection.card().classes());
        }
    }

    /** Stores the batch and its items, claims it and starts it here. */
    private BatchStatus begin(String batchId, S3Uri source, List<BatchStore.Item> items, Settings settings) {
        Instant now = Instant.now();
        store.putItems(batchId, new BatchStore.Items(source.bucket(), items));
        BatchStatus status = new BatchStatus(batchId, BatchStatus.RUNNING, source.toString(),
                settings.asked().toString(), settings.model(), settings.classes(), settings.tta(), settings.faces().name().toLowerCase(Locale.ROOT),
                settings.detector().id(), settings.format(), items.size(), 0, 0, replica, 1, runner.lease(now), now,
                now, 0, now, null, null);
        store.claim(batchId, 1, new BatchStore.Claim(replica, now));
        store.putStatus(status);
        start(status);
        Log.infof("batch %s: %d images below %s, model %s, detector %s", batchId, items.size(), source,
                settings.model(), settings.detector().id());
        return status;
    }

    /** The batch's progress; a running batch whose lease lapsed is taken over by this replica first. */
    public BatchProgress progress(String batchId) {
        BatchStatus status = find(batchId);
        Instant now = Instant.now();
        if (status.isRunning() && !here.contains(batchId) && status.leaseUntil() != null
                && status.leaseUntil().isBefore(now) && here.size() < config.maxRunning()) {
            int attempt = status.attempt() + 1;
            Instant lapsed = status.leaseUntil();
            if (store.claim(batchId, attempt, new BatchStore.Claim(replica, now))) {
                status = status.claimedBy(replica, attempt, now, runner.lease(now));
                store.putStatus(status);
                Log.infof("batch %s: its lease lapsed at %s; resuming it here from image %d", batchId, lapsed,
                        status.done());
                start(status);
            }
        }
        return BatchProgress.of(status, now);
    }

    /** The stored batch (404 when there is none). */
    public BatchStatus find(String batchId) {
        if (batchId == null || !batchId.matches("[0-9a-f-]{36}")) {
            throw new UnknownBatchException(batchId);
        }
        return store.status(batchId).orElseThrow(() -> new UnknownBatchException(batchId));
    }

    /** The results of an ended batch; 409 while it runs, with how far it got. */
    public java.io.InputStream results(String batchId, String format) {
        BatchStatus status = find(batchId);
        if (!BatchStatus.SUCCEEDED.equals(status.state())) {
            throw new NotReady(status.isRunning()
                    ? "the batch is still running: " + status.done() + " of " + status.total() + " images done; "
                    + "GET /batches/" + batchId + " says when it has ended"
                    : "the batch failed (" + status.error() + "): it has no results");
        }
        return store.openResults(batchId, format == null ? status.format() : format(format));
    }

    private void start(BatchStatus status) {
        here.add(status.batchId());
        running.execute(() -> {
            try {
                runner.run(status);
            } finally {
                here.remove(status.batchId());
            }
        });
    }

    private S3Uri source(String uri) {
        S3Uri source;
        try {
            source = S3Uri.parse(uri.strip()).asPrefix();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("source is an s3:// address of a folder of images, e.g. s3://"
                    + storage.datasetsBucket() + "/photos/, not '" + Quoted.shortened(uri) + "'");
        }
        if (!source.bucket().equals(storage.datasetsBucket())) {
            throw new InvalidRequestException("source " + Quoted.shortened(uri) + " lies outside bucket '"
                    + storage.datasetsBucket() + "': batches read images from the datasets bucket");
        }
        return source;
    }

    static String format(String format) {
        String f = format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals(BatchStore.JSONL) && !f.equals(BatchStore.CSV)) {
            throw new InvalidRequestException("format is jsonl or csv, not '" + Quoted.shortened(format) + "'");
        }
        return f;
    }

    /** The selection as a reference that names the same versions whatever happens to aliases later. */
    private static String pinned(ModelSelection selection) {
        if (!selection.isEnsemble()) {
            return selection.name() + ":" + selection.version();
        }
        return ModelRef.ENSEMBLE_PREFIX + String.join(",", selection.memberIds());
    }


    /** 404: no batch with this id. */
    static final class UnknownBatchException extends ApiException {
        UnknownBatchException(String batchId) {
            super(404, "unknown-batch", "no batch '" + (batchId == null ? "" : Quoted.shortened(batchId)) + "'; POST /batches "
                    + "answers with the id of the batch it starts");
        }
    }

    /** 409: the batch has no results (yet). */
    static final class NotReady extends ApiException {
        NotReady(String message) {
            super(409, "batch-not-done", message);
        }
    }

    /** 503: this replica runs as many batches as it may. */
    static final class Busy extends ApiException {
        Busy(String message) {
            super(503, "busy", message, 30);
        }
    }
}
