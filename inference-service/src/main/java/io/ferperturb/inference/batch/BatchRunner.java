package io.ferperturb.inference.batch;

import io.ferperturb.commons.ApiException;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.domain.data.ImageDecoderBusyException;
import io.ferperturb.domain.data.InvalidImageException;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.inference.predict.BatcherFullException;
import io.ferperturb.inference.predict.Prediction;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.inference.predict.PredictionResult;
import io.ferperturb.inference.predict.PredictionService;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.ferperturb.storage.StorageException;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a batch from its cursor to the end: a chunk of images at a time, each image through the same prediction
 * path as {@code POST /predict} (several in flight, so their faces share forward passes), the chunk's lines saved
 * as a part file, then the cursor and the lease in {@code status.json}. A restart redoes at most the chunk in
 * flight. An image that cannot be answered is an error line; only a failure of the model or of S3 fails the batch.
 */
@ApplicationScoped
public class BatchRunner {
    /** The batches' name in the request metrics. */
    public static final String ENDPOINT = "batch";
    static final String NO_FACE = "no face was found in the image";
    private static final Duration BUSY_WAIT = Duration.ofMillis(200);

    private final PredictionService predictions;
    private final BatchStore store;
    private final InferenceConfig.Batches config;
    private final ExecutorService images;

    BatchRunner(PredictionService predictions, BatchStore store, InferenceConfig config) {
        this.predictions = predictions;
        this.store = store;
        this.config = config.batches();
        this.images = Executors.newFixedThreadPool(this.config.parallelism() * this.config.maxRunning(),
                r -> new Thread(r, "batch-images"));
    }

    @PreDestroy
    void stop() {
        images.shutdownNow();
    }

    /** Runs {@code status}'s batch (claimed by this replica) from its cursor; returns its final status. */
    public BatchStatus run(BatchStatus status) {
        BatchStore.Items items = store.items(status.batchId());
        ModelRef model = ModelRef.parse(status.model());
        PredictionRequest.Options options = new PredictionRequest.Options(FaceFinder.Mode.parse(status.faces()),
                status.tta(), FaceDetector.Kind.parse(status.detector(), null));
        Log.infof("batch %s: %d of %d images done, going on (attempt %d)", status.batchId(), status.done(),
                status.total(), status.attempt());
        try {
            BatchStatus current = status;
            while (current.done() < current.total()) {
                if (!stillOurs(current)) {
                    Log.warnf("batch %s: another replica took it over; this one stops", current.batchId());
                    return current;
                }
                int first = current.done();
                int end = Math.min(first + config.chunkSize(), current.total());
                List<CompletableFuture<List<BatchLine>>> pending = new ArrayList<>();
                for (BatchStore.Item item : items.items().subList(first, end)) {
                    pending.add(CompletableFuture.supplyAsync(() -> lines(items, item, model, options), images));
                }
                List<BatchLine> lines = new ArrayList<>();
                int errors = 0;
                for (CompletableFuture<List<BatchLine>> p : pending) {
                    List<BatchLine> itemLines = p.join();
                    errors += itemLines.get(0).error() != null ? 1 : 0;
                    lines.addAll(itemLines);
                }
                store.putPart(current.batchId(), first, lines);
                Instant now = Instant.now();
                current = current.advanced(end, current.errors() + errors, now, lease(now));
                store.putStatus(current);
                BatchProgress progress = BatchProgress.of(current, now);
                Log.infof("batch %s: %d/%d images, %.1f/s, ETA %s s", current.batchId(), current.done(),
                        current.total(), progress.itemsPerSecond() == null ? 0.0 : progress.itemsPerSecond(),
                        progress.etaSeconds());
            }
            store.putResults(current.batchId(), current.classes(), store.lines(current.batchId(), current.total()));
            BatchStatus ended = current.ended(BatchStatus.SUCCEEDED, Instant.now(), null);
            store.putStatus(ended);
            Log.infof("batch %s succeeded: %d images, %d error lines", ended.batchId(), ended.total(), ended.errors());
            return ended;
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            Log.errorf(cause, "batch %s failed", status.batchId());
            BatchStatus failed = store.status(status.batchId()).orElse(status)
                    .ended(BatchStatus.FAILED, Instant.now(), cause.getMessage());
            store.putStatus(failed);
            return failed;
        }
    }

    Instant lease(Instant now) {
        return now.plusSeconds(config.leaseSeconds());
    }

    /** False once another replica claimed a later attempt (this one's lease lapsed). */
    private boolean stillOurs(BatchStatus current) {
        return store.status(current.batchId()).map(s -> s.attempt() == current.attempt()).orElse(false);
    }

    /** The lines of one image: a line per face, or one error line. */
    private List<BatchLine> lines(BatchStore.Items items, BatchStore.Item item, ModelRef model,
            PredictionRequest.Options options) {
        if (item.error() != null) {
            return List.of(BatchLine.failed(item.key(), item.error()));
        }
        if (item.bytes() > config.maxImageBytes()) {
            return List.of(BatchLine.failed(item.key(), "the image is " + item.bytes() + " bytes; a batch reads images "
                    + "of at most " + config.maxImageBytes() + " bytes (fer.inference.batches.max-image-bytes)"));
        }
        byte[] file;
        try {
            file = store.image(items, item);
        } catch (StorageException e) {
            return List.of(BatchLine.failed(item.key(), "the image could not be read from S3: " + e.getMessage()));
        }
        PredictionResult result;
        try {
            result = predict(PredictionRequest.ofImage(file, model, options));
        } catch (InvalidImageException e) { // corrupt, too many pixels, another format
            return List.of(BatchLine.failed(item.key(), e.getMessage()));
        } catch (ApiException e) {
            if (e.status() >= 400 && e.status() < 500 && e.status() != 404) {
                return List.of(BatchLine.failed(item.key(), e.getMessage()));
            }
            throw e; // the model is gone or the server broken: the batch cannot go on
        }
        if (result.faces().isEmpty()) {
            return List.of(BatchLine.failed(item.key(), NO_FACE));
        }
        List<BatchLine> lines = new ArrayList<>();
        for (int f = 0; f < result.faces().size(); f++) {
            PredictionResult.ScoredFace face = result.faces().get(f);
            lines.add(new BatchLine(item.key(), f, face.box(), face.emotion(),
                    Prediction.byClass(face.probabilities(), result.classes()), null));
        }
        return lines;
    }

    /** A prediction, waiting while the server is busy (a batch is not in a hurry; requests come first). */
    private PredictionResult predict(PredictionRequest request) {
        while (true) {
            try {
                return predictions.predict(request, ENDPOINT).await().indefinitely();
            } catch (BatcherFullException | ImageDecoderBusyException e) {
                try {
                    Thread.sleep(BUSY_WAIT.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("stopped while the server was busy", interrupted);
                }
            }
        }
    }
}
