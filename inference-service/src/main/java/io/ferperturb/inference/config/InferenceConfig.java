package io.ferperturb.inference.config;

import io.ferperturb.serving.faces.FaceDetector;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code fer.inference.*} (env {@code FER_INFERENCE_…}); model loading itself is {@code fer.serving.*}. */
@ConfigMapping(prefix = "fer.inference")
public interface InferenceConfig {

    /** Dynamic batching of forward passes across concurrent requests. */
    Batching batching();

    /** Face detection in photos ({@code faces=auto}). */
    Faces faces();

    /** What one Open Inference Protocol request may carry; 413 above. */
    Limits limits();

    /** The opt-in log of answered predictions on the {@code predictions} topic. */
    PredictionLog predictionLog();

    /** Batch jobs over images in S3 ({@code POST /batches}). */
    Batches batches();

    /** Video files ({@code POST /videos}): what one may be, and how its faces are followed. */
    Videos videos();

    interface Batching {
        /** Most faces in one forward pass. */
        @WithDefault("32")
        int maxBatchSize();

        /**
         * Longest a queued face waits for others, in milliseconds, counted from when it was queued. The wait
         * happens only while other requests are still being decoded, so a lone request never waits.
         */
        @WithDefault("5")
        int maxDelayMs();

        /** Threads running forward passes (each one batch at a time). */
        @WithDefault("1")
        int workers();

        /**
         * libtorch intra-op threads of each worker; 0 keeps the engine's default (one per core). Also what
         * threads that first use libtorch afterwards start with.
         */
        @WithDefault("0")
        int threadsPerWorker();

        /** Faces that may wait in the queue before requests are refused with 503. */
        @WithDefault("4096")
        int queueCapacity();
    }

    interface Faces {
        /**
         * Detector used when a request names none ({@code detector=}): {@code blazeface} (MediaPipe's network:
         * frontal to three-quarter faces, small ones too) or {@code haar} (OpenCV's cascade: frontal faces).
         */
        @WithDefault("blazeface")
        FaceDetector.Kind detector();

        /** Longest side a photo is shrunk to before the Haar cascade runs. */
        @WithDefault("800")
        int maxSide();

        /** Smallest face, as a fraction of the photo's shorter side. */
        @WithDefault("0.06")
        double minFaceFraction();

        /** Cascade windows that must agree on a face. */
        @WithDefault("4")
        int minNeighbours();

        /** Most faces classified per image (the largest ones). */
        @WithDefault("64")
        int maxPerImage();
    }

    interface Limits {
        /** Most inputs in one FP32 tensor ({@code N} of {@code [N, 1, 48, 48]}). */
        @WithDefault("1024")
        int maxTensorInputs();

        /** Most images in one BYTES tensor. */
        @WithDefault("64")
        int maxImagesPerRequest();
    }

    interface PredictionLog {
        /** Publish a {@code PredictionLogged} record per answered face of {@code POST /predict} and OIP infer. */
        @WithDefault("false")
        boolean enabled();

        /** Fraction of requests logged (0 to 1), drawn per request: all faces of a drawn request are logged. */
        @WithDefault("1.0")
        double samplingRate();

        /** Also store each logged request's images in S3 (the record names their address, never holds them). */
        @WithDefault("false")
        boolean storeImages();

        /** Records of the whole log that {@code GET /predictions/recent} keeps (the newest). */
        @WithDefault("1000")
        int recentCapacity();
    }

    interface Batches {
        /** Most images in one batch; 413 above. */
        @WithDefault("10000")
        int maxItems();

        /** Largest image file a batch reads, in bytes; a larger one is an error line, the batch goes on. */
        @WithDefault("20971520")
        long maxImageBytes();

        /**
         * Largest zip {@code POST /batches} accepts as its body, in bytes; 413 above. The HTTP limit
         * ({@code quarkus.http.limits.max-body-size}) bounds it too: raise both for larger zips.
         */
        @WithDefault("20971520")
        long maxZipBytes();

        /** Images between two saves of progress to S3 (a part file and the cursor): what a restart may redo. */
        @WithDefault("50")
        int chunkSize();

        /** Images of a batch in flight at once, so that their faces share forward passes. */
        @WithDefault("4")
        int parallelism();

        /** Batches one replica runs at once; 503 above. */
        @WithDefault("2")
        int maxRunning();

        /** How long a replica's claim on a running batch lasts unrenewed before another replica resumes it. */
        @WithDefault("120")
        int leaseSeconds();
    }

    interface Videos {
        /**
         * Largest upload, in bytes, streamed to a temporary file (413 above). {@code quarkus.http.limits.max-body-size}
         * bounds every request of the service as well: raise both for longer videos.
         */
        @WithDefault("20971520")
        long maxUploadBytes();

        /** Longest video, in seconds (413 above). */
        @WithDefault("600")
        int maxDurationS();

        /** Widest frame, in pixels (413 above). */
        @WithDefault("1920")
        int maxWidth();

        /** Tallest frame, in pixels (413 above). */
        @WithDefault("1080")
        int maxHeight();

        /** Most frames one video may have sampled: its duration times {@code fps} (413 above). */
        @WithDefault("6000")
        int maxSampledFrames();

        /** Frames sampled per second when a request does not say. */
        @WithDefault("5")
        double defaultFps();

        /** Highest sampling rate a request may ask for (400 above). */
        @WithDefault("30")
        double maxFps();

        /** Smallest intersection over union for a face to continue a track from the previous sampled frame. */
        @WithDefault("0.3")
        double trackMinIou();

        /** Sampled frames a track may go without its face before it ends (a new face then starts a new track). */
        @WithDefault("5")
        int trackMaxMissedFrames();

        /** Weight of the newest frame in a track's smoothed probabilities (exponential moving average); 1 is none. */
        @WithDefault("0.4")
        double smoothingAlpha();

        /** Videos analysed at the same time; more wait in a queue. */
        @WithDefault("1")
        int concurrentJobs();

        /** Videos that may wait for their turn before uploads are refused with 503. */
        @WithDefault("16")
        int queueCapacity();
    }
}
