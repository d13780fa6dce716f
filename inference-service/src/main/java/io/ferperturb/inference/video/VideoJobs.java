package io.ferperturb.inference.video;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.inference.TemporaryUpload;
import io.ferperturb.inference.config.InferenceConfig;
import io.ferperturb.inference.predict.ModelSelection;
import io.ferperturb.inference.predict.PredictionService;
import io.ferperturb.inference.predict.TtaMasks;
import io.ferperturb.serving.ModelRegistry;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.storage.ObjectNotFoundException;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageLayout;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Video analyses as jobs: an upload is streamed to a temporary file (bounded), checked (a video FFmpeg reads,
 * within the limits), its model held, and the job queued; a job thread runs {@link VideoAnalysis}, writes the
 * timeline as JSON and CSV (and, when asked, the annotated video) under {@link StorageLayout#videoPrediction}, then
 * its final status, so any replica can answer for a job once it has ended. Jobs in progress are known to the
 * replica that runs them.
 */
@ApplicationScoped
public class VideoJobs {
    static final String TIMELINE_JSON = "timeline.json";
    static final String TIMELINE_CSV = "timeline.csv";
    static final String ANNOTATED = "annotated.mp4";
    static final String STATUS = "status.json";
    /** Jobs remembered in memory (the newest); older ones are answered from S3. */
    private static final int REMEMBERED = 1000;

    private final PredictionService predictions;
    private final ModelRegistry registry;
    private final TtaMasks masks;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final InferenceConfig.Videos config;
    private final VideoLimits limits;
    private final VideoAnalysis.Settings settings;
    private final ThreadPoolExecutor runner;
    /** Finds the faces of the jobs' frames, a frame per thread: one thread per core, shared by every job. */
    private final ExecutorService detection;
    private final Map<String, VideoJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, VideoJob> eldest) {
            return size() > REMEMBERED;
        }
    });

    VideoJobs(PredictionService predictions, ModelRegistry registry, TtaMasks masks, ObjectStore store, StorageLayout layout,
            InferenceConfig config) {
        this.predictions = predictions;
        this.registry = registry;
        this.masks = masks;
        this.store = store;
        this.layout = layout;
        this.config = config.videos();
        this.limits = new VideoLimits(this.config.maxUploadBytes(), this.config.maxDurationS(), this.config.maxWidth(),
                this.config.maxHeight(), this.config.maxSampledFrames(), this.config.defaultFps(), this.config.maxFps());
        this.settings = new VideoAnalysis.Settings(config.faces().maxPerImage(), config.batching().maxBatchSize(),
                this.config.trackMinIou(), this.config.trackMaxMissedFrames(), this.config.smoothingAlpha());
        int threads = this.config.concurrentJobs();
        this.runner = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(this.config.queueCapacity()), r -> {
                    Thread t = new Thread(r, "video-job");
                    t.setDaemon(true);
                    return t;
                });
        this.detection = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "video-faces");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
        detection.shutdownNow();
    }

    public VideoLimits limits() {
        return limits;
    }

    /**
     * Takes the upload and queues its analysis; anything wrong with the video or the request is thrown here, before
     * a job exists.
     */
    public VideoJob.Status submit(InputStream body, String model, Double fps, boolean tta, String detector,
            boolean annotated) {
        double rate = limits.fps(fps);
        VideoRequest request = new VideoRequest(ModelRef.parseOr(model, registry.servedAlias()), rate, tta,
                FaceDetector.Kind.parse(detector, predictions.faceFinder().defaultKind()), annotated);
        Path file = upload(body);
        try {
            VideoFile.Info info = VideoFile.probe(file);
            limits.check(info, rate);
            ModelSelection selection = predictions.select(request.model());
            try {
                if (tta) {
                    selection.members().forEach(m -> masks.forModel(m.card())); // 400 now rather than a failed job
                }
                VideoJob job = new VideoJob(UUID.randomUUID().toString(), selection.name(), rate,
                        (int) VideoFile.sampledFrames(info, rate), annotated);
                jobs.put(job.id(), job);
                VideoJob.Status queued = job.status(); // before its thread can start it
                try {
                    runner.execute(() -> run(job, request, file, selection));
                } catch (RejectedExecutionException e) {
                    jobs.remove(job.id());
                    throw VideoJobException.queueFull(config.queueCapacity());
                }
                Log.infof("video job %s queued: %dx%d, %.1f s, %.1f fps, model %s", job.id(), info.width(),
                        info.height(), info.durationS(), rate, selection.name());
                return queued;
            } catch (RuntimeException e) {
                selection.close();
                throw e;
            }
        } catch (RuntimeException e) {
            TemporaryUpload.delete(file);
            throw e;
        }
    }

    /** The job's status: in memory while this replica knows it, else its final status from S3. */
    public VideoJob.Status status(String id) {
        VideoJob job = jobs.get(id);
        if (job != null) {
            return job.status();
        }
        try {
            return store.getJson(prefix(id).resolve(STATUS), VideoJob.Status.class);
        } catch (ObjectNotFoundException e) {
            throw VideoJobException.unknown(id);
        }
    }

    /** The stored timeline, JSON or CSV, of a job that is done. */
    public byte[] timeline(String id, boolean csv) {
        requireDone(id);
        return store.get(prefix(id).resolve(csv ? TIMELINE_CSV : TIMELINE_JSON));
    }

    /** The stored annotated video of a job that is done and asked for one. */
    public InputStream annotated(String id) {
        VideoJob.Status status = requireDone(id);
        if (status.annotated() == null) {
            throw VideoJobException.notAsked(id, "an annotated video");
        }
        return store.open(prefix(id).resolve(ANNOTATED));
    }

    private VideoJob.Status requireDone(String id) {
        VideoJob.Status status = status(id);
        if (status.state() != VideoJob.State.DONE) {
            throw VideoJobException.notReady(status);
        }
        return status;
    }

    private S3Uri prefix(String id) {
        if (!id.matches("[0-9a-f-]{36}")) { // a key of our own only: never a path a caller composes
            throw VideoJobException.unknown(id);
        }
        return layout.videoPrediction(id);
    }

    private void run(VideoJob job, VideoRequest request, Path file, ModelSelection selection) {
        try (selection) {
            job.started();
            VideoAnalysis analysis = new VideoAnalysis(predictions.faceFinder(), request.detector(), detection,
                    faces -> predictions.logitsOfFaces(selection, faces, request.tta()), selection.card().classes(),
                    settings);
            VideoFile.Info info = VideoFile.probe(file);
            VideoAnalysis.Result result = analysis.run(file, request.fps(), limits, job::framesDone);
            Timeline timeline = new Timeline(job.id(), selection.name(), selection.version(),
                    selection.isEnsemble() ? selection.memberIds() : null, request.tta() ? Boolean.TRUE : null,
                    request.detector().id(), selection.card().classes(), request.fps(), info.width(), info.height(),
                    result.frames().isEmpty() ? 0 : result.frames().get(result.frames().size() - 1).timeS(),
                    result.frames().size(), result.frames(), result.tracks());
            S3Uri prefix = prefix(job.id());
            store.put(prefix.resolve(TIMELINE_JSON), Json.writeBytes(timeline), "application/json");
            store.put(prefix.resolve(TIMELINE_CSV), TimelineCsv.of(timeline).getBytes(StandardCharsets.UTF_8), "text/csv");
            if (request.annotated()) {
                job.annotating();
                annotate(file, timeline, prefix.resolve(ANNOTATED));
            }
            job.finished(result.frames().size());
            Log.infof("video job %s done: %d frames, %d tracks, %.1f frames/s", job.id(), result.frames().size(),
                    result.tracks().size(), job.status().framesPerS());
        } catch (RuntimeException e) {
            job.failed(e instanceof io.ferperturb.commons.ApiException ? e.getMessage()
                    : "the analysis failed; the server's log has the details");
            Log.errorf(e, "video job %s failed", job.id());
        } finally {
            TemporaryUpload.delete(file);
            storeStatus(job);
        }
    }

    private void annotate(Path video, Timeline timeline, S3Uri target) {
        Path out = null;
        try {
            out = Files.createTempFile("fer-annotated-", ".mp4");
            VideoAnnotator.annotate(video, timeline, out);
            store.putFile(target, out, "video/mp4");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TemporaryUpload.delete(out);
        }
    }

    private void storeStatus(VideoJob job) {
        try {
            store.putJson(prefix(job.id()).resolve(STATUS), job.status());
        } catch (RuntimeException e) {
            Log.warnf(e, "video job %s: its final status could not be stored; this replica still answers for it", job.id());
        }
    }

    /** The body to a temporary file, refused with 413 as soon as it passes the limit. */
    private Path upload(InputStream body) {
        Path file = TemporaryUpload.receive(body, "fer-video-", ".upload", limits.maxUploadBytes(), limits::tooLarge);
        try {
            if (Files.size(file) == 0) {
                TemporaryUpload.delete(file);
                throw new UnsupportedVideoException("the body is empty; " + VideoFile.WHAT_TO_SEND);
            }
        } catch (IOException e) {
            TemporaryUpload.delete(file);
            throw new UncheckedIOException("the upload could not be stored: " + e.getMessage(), e);
        }
        return file;
    }
}
