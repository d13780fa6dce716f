package io.ferperturb.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.domain.data.InvalidImageException;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.ModelCard;
import io.ferperturb.models.ServingForm;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.storage.StorageEndpoint;
import io.ferperturb.domain.ModelRef;
import io.ferperturb.inference.predict.DynamicBatcher;
import io.ferperturb.inference.predict.ModelSource;
import io.ferperturb.inference.predict.Prediction;
import io.ferperturb.inference.predict.PredictionPipeline;
import io.ferperturb.inference.predict.PredictionRequest;
import io.ferperturb.inference.predict.PredictionResult;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.ferperturb.serving.faces.HaarFaceDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.imageio.ImageIO;

/**
 * {@code ./run.sh bench infer --concurrency 1|16 [--server jdk|quarkus] [--requests N] [--model cnn|resnet18]
 * [--image face|photo] [--max-batch 32] [--max-delay-ms 5] [--rounds 5]}: HTTP load from {@code concurrency}
 * clients, each sending its next request when the previous one is answered, then the raw forward pass of the
 * same model in this JVM, alone (batch 1) and batched (batch = concurrency, and the max batch). What answers
 * the HTTP requests ({@code --server}):
 * <ul>
 * <li>{@code jdk} (default): the inference-service's request path ({@link PredictionPipeline#predict}: decode with
 * the header check, faces, the training preprocessing, the {@link DynamicBatcher}; then JSON) behind the JDK's HTTP
 * server in this JVM; Quarkus' HTTP and REST layers are not in this loop.</li>
 * <li>{@code quarkus}: the packaged inference-service as a child process (Vert.x HTTP, Quarkus REST, Jackson,
 * metrics, the registry), serving the benchmark's model from S3 (stored first; Kafka and S3 from the
 * environment, as {@code ./run.sh} exports them). Defaults to 100,000 requests in 10 rounds at concurrency
 * above 1, and the service's RSS is sampled throughout.</li>
 * </ul>
 * Rounds alternate the two sides, so both see the same background load, and CPU time is reported too: the
 * service's CPU per request against the raw forward's CPU per image predicts the throughput ratio on a machine
 * that runs nothing else.
 * Ends with {@code name=value} lines.
 */
public final class InferBench {
    /** Enough for the JIT to compile the HTTP and decoding paths (300 left them half-interpreted). */
    private static final int WARM_UP_REQUESTS = 3000;
    /** RSS growth over the second half of the run still called flat (allocator and JIT noise). */
    private static final long FLAT_RSS_SLACK_MB = 16;
    /** Where {@code --server quarkus} stores the benchmark's checkpoint. */
    private static final String MODELS_BUCKET = "bench-models";

    private InferBench() {
    }

    /**
     * What answers the benchmark's HTTP requests, and how to read its memory (MB), CPU time so far and forward
     * passes so far (count, faces, seconds) from here; {@code sharesProcessWithClients}: the clients' CPU is then
     * subtracted.
     */
    private record Target(URI predictUri, LongSupplier rss, LongSupplier cpu, boolean sharesProcessWithClients,
            Callable<double[]> passes, Runnable stop) implements AutoCloseable {
        long rssMb() {
            return rss.getAsLong();
        }

        long cpuNanos() {
            return cpu.getAsLong();
        }

        double[] passesFacesAndForwardSeconds() throws Exception {
            return passes.call();
        }

        @Override
        public void close() {
            stop.run();
        }
    }

    public static void main(String[] argv) throws Exception {
        // libtorch forward passes on the JVM's main thread ran several times slower than the same passes on any
        // other thread (tools/bench/RESULTS.md); the service runs them on its batcher threads, so the
        // benchmark's raw side runs on a thread of its own as well
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "infer-bench"));
        try {
            runner.submit(() -> {
                run(argv);
                return null;
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            runner.shutdown();
        }
        System.exit(0);
    }

    private static void run(String[] argv) throws Exception {
        int concurrency = Integer.parseInt(TrainBench.option(argv, "--concurrency", "16"));
        String server = TrainBench.option(argv, "--server", "jdk");
        boolean quarkus = "quarkus".equals(server);
        if (!quarkus && !"jdk".equals(server)) {
            throw new IllegalArgumentException("--server is jdk or quarkus, not " + server);
        }
        boolean long100k = quarkus && concurrency > 1;
        int requests = Integer.parseInt(TrainBench.option(argv, "--requests",
                long100k ? "100000" : concurrency == 1 ? "3000" : "20000"));
        String architecture = TrainBench.option(argv, "--model", "cnn");
        String imageKind = TrainBench.option(argv, "--image", "face");
        int maxBatch = Integer.parseInt(TrainBench.option(argv, "--max-batch", "32"));
        int maxDelayMs = Integer.parseInt(TrainBench.option(argv, "--max-delay-ms", "5"));
        int rounds = Integer.parseInt(TrainBench.option(argv, "--rounds", long100k ? "10" : "5"));
        int workers = Integer.parseInt(TrainBench.option(argv, "--workers", "1"));
        int threadsPerWorker = Integer.parseInt(TrainBench.option(argv, "--threads-per-worker", "0"));

        ServingModel model = freshModel(architecture);
        byte[] face = new SyntheticFaceGenerator(1).draw(Emotion.HAPPY, 1);
        byte[] image = "photo".equals(imageKind) ? photo() : png(FacePreprocessing.toImage(face));
        try (Target target = quarkus ? quarkusService(model, maxBatch, maxDelayMs, workers, threadsPerWorker)
                : jdkServer(model, concurrency, maxBatch, maxDelayMs, workers, threadsPerWorker)) {
            // after the Quarkus side stored the trained form: the serving form (folded, frozen), as the registry makes it
            ServingForm.prepare(model.loaded().model(), new Shape(1, FaceImage.SIDE, FaceImage.SIDE));
            URI uri = target.predictUri();
            LoadGenerator load = new LoadGenerator(uri, image, "photo".equals(imageKind) ? "image/jpeg" : "image/png");
            load.run(concurrency, WARM_UP_REQUESTS, null, 0);
            raw(model, face, Math.max(1, concurrency), 1);
            double[] passesBefore = target.passesFacesAndForwardSeconds();
            RssSampler rss = new RssSampler(target);
            // rounds alternate the service and the raw forward, so both see the same (shared, noisy) machine
            long[] latencies = new long[requests];
            double[] serviceRates = new double[rounds];
            double[] rawRates = new double[rounds];
            double[] rawSingles = new double[rounds];
            StringBuilder rssByRound = new StringBuilder();
            long rssAtHalf = rss.start();
            long serviceNanos = 0;
            long serviceCpu = 0;
            long totalClientCpu = 0;
            long rawImages = 0;
            long rawCpu = 0;
            long serviceCpuWhileRaw = 0;
            long rawNanos = 0;
            int perRound = requests / rounds;
            for (int r = 0; r < rounds; r++) {
                int count = r == rounds - 1 ? requests - perRound * r : perRound;
                long cpu0 = target.cpuNanos();
                long t0 = System.nanoTime();
                long clientCpu = load.run(concurrency, count, latencies, perRound * r);
                totalClientCpu += clientCpu;
                long nanos = System.nanoTime() - t0;
                serviceCpu += target.cpuNanos() - cpu0 - (target.sharesProcessWithClients() ? clientCpu : 0);
                serviceNanos += nanos;
                serviceRates[r] = count / (nanos / 1e9);
                long rssNow = target.rssMb();
                rssByRound.append(r == 0 ? "" : ",").append(rssNow);
                if (r == (rounds - 1) / 2) {
                    rssAtHalf = rssNow;
                }
                long idleCpu0 = target.cpuNanos();
                Throughput rawRound = raw(model, face, Math.max(1, concurrency), 2);
                if (!target.sharesProcessWithClients()) {
                    serviceCpuWhileRaw += target.cpuNanos() - idleCpu0;
                    rawNanos += rawRound.nanos();
                }
                rawRates[r] = rawRound.perSecond();
                rawImages += rawRound.images();
                rawCpu += rawRound.cpuNanos();
                rawSingles[r] = rawLatencyMs(model, face, 200);
            }
            long rssEnd = rss.stop();
            double[] passesAfter = target.passesFacesAndForwardSeconds();
            double passes = passesAfter[0] - passesBefore[0];
            double passedFaces = passesAfter[1] - passesBefore[1];
            double forwardSeconds = passesAfter[2] - passesBefore[2];
            Arrays.sort(latencies);
            double rawSingleMs = median(rawSingles);
            double rawBatchedAtConcurrency = median(rawRates);
            double rawBatchedAtMax = raw(model, face, maxBatch, 2).perSecond();
            int perWorker = (Math.max(1, concurrency) + workers - 1) / workers;
            double rawAsServed = workers == 1 && threadsPerWorker == 0 ? rawBatchedAtConcurrency
                    : rawInParallel(model, face, perWorker, workers, threadsPerWorker, 3);
            double serviceCpuMsPerRequest = serviceCpu / 1e6 / requests;
            double rawCpuMsPerImage = rawCpu / 1e6 / rawImages;
            double requestsPerSecond = requests / (serviceNanos / 1e9);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = serviceRates[r] / rawRates[r];
            }
            boolean flat = rssEnd - rssAtHalf <= Math.max(FLAT_RSS_SLACK_MB, rss.start() / 50);
            System.out.printf("server=%s model=%s image=%s concurrency=%d requests=%d max_batch=%d max_delay_ms=%d threads=%d%n",
                    server, architecture, imageKind, concurrency, requests, maxBatch, maxDelayMs,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("mean_batch_size=%.2f%n", passes == 0 ? 0 : passedFaces / passes);
            System.out.printf("rss_start_mb=%d%n", rss.start());
            System.out.printf("rss_peak_mb=%d%n", rss.peak());
            System.out.printf("rss_end_mb=%d%n", rssEnd);
            System.out.printf("rss_mb_by_round=%s%n", rssByRound);
            System.out.printf("rss_second_half_growth_mb=%d%n", rssEnd - rssAtHalf);
            System.out.printf("rss_flat=%s%n", flat ? "yes" : "no");
            System.out.printf("service_cpu_ms_per_request=%.3f%n", serviceCpuMsPerRequest);
            System.out.printf("client_cpu_ms_per_request=%.3f%n", totalClientCpu / 1e6 / requests);
            System.out.printf("raw_cpu_ms_per_image=%.3f%n", rawCpuMsPerImage);
            System.out.printf("throughput_vs_raw_batched_by_cpu=%.3f%n", rawCpuMsPerImage / serviceCpuMsPerRequest);
            if (rawNanos > 0) {
                // a service that should be idle but is not would slow the raw side down
                System.out.printf("service_cpu_percent_while_raw=%.1f%n", 100.0 * serviceCpuWhileRaw / rawNanos);
            }
            System.out.printf("raw_single_p50_ms=%.3f%n", rawSingleMs);
            System.out.printf("raw_batched_images_per_s=%.1f%n", rawBatchedAtConcurrency);
            System.out.printf("raw_max_batch_images_per_s=%.1f%n", rawBatchedAtMax);
            System.out.printf("raw_as_served_images_per_s=%.1f (%d workers x batch %d, %s threads each)%n", rawAsServed,
                    workers, perWorker, threadsPerWorker == 0 ? "default" : String.valueOf(threadsPerWorker));
            System.out.printf("throughput_vs_raw_as_served=%.3f%n", requestsPerSecond / rawAsServed);
            System.out.printf("p50_ms=%.3f%n", latencies[requests / 2] / 1e6);
            System.out.printf("p99_ms=%.3f%n", latencies[Math.min(requests - 1, (int) (requests * 0.99))] / 1e6);
            // the ratio below is about the product of these two: how fast the served passes ran against the raw
            // ones (answers and requests on the same cores between passes), and how much of the time passes ran
            System.out.printf("served_forward_ms_per_image=%.3f%n", passedFaces == 0 ? 0 : forwardSeconds * 1e3 / passedFaces);
            System.out.printf("raw_forward_ms_per_image=%.3f%n", 1e3 / rawBatchedAtConcurrency);
            System.out.printf("forward_busy_fraction=%.3f%n", forwardSeconds / (serviceNanos / 1e9));
            System.out.printf("between_passes_ms=%.3f%n", passes == 0 ? 0 : (serviceNanos / 1e9 - forwardSeconds) * 1e3 / passes);
            System.out.printf("throughput_vs_raw_batched=%.3f%n", median(ratios));
            System.out.printf("p50_minus_raw_single_ms=%.3f%n", latencies[requests / 2] / 1e6 - rawSingleMs);
            System.out.printf("requests_per_s=%.1f%n", requestsPerSecond);
        }
        model.retire();
    }

    /** The serving process's RSS every 200 ms between {@link #start()} and {@link #stop()}: start, peak and end. */
    private static final class RssSampler {
        private final Target target;
        private final long start;
        private final java.util.concurrent.atomic.AtomicLong peak;
        private final Thread thread;

        RssSampler(Target target) {
            this.target = target;
            this.start = target.rssMb();
            this.peak = new java.util.concurrent.atomic.AtomicLong(start);
            this.thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(target.rssMb(), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long start() {
            return start;
        }

        long peak() {
            return peak.get();
        }

        /** Stops sampling; the RSS now. */
        long stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            long end = target.rssMb();
            peak.accumulateAndGet(end, Math::max);
            return end;
        }
    }

    /** {@code --server jdk}: the pipeline and batcher behind the JDK's HTTP server, in this JVM. */
    private static Target jdkServer(ServingModel model, int concurrency, int maxBatch, int maxDelayMs, int workers,
            int threadsPerWorker) throws IOException {
        LongAdder passes = new LongAdder();
        LongAdder passedFaces = new LongAdder();
        LongAdder forwardNanos = new LongAdder();
        DynamicBatcher batcher = new DynamicBatcher(maxBatch, maxDelayMs, workers, threadsPerWorker, 4096,
                new DynamicBatcher.Listener() {
                    @Override
                    public void onBatch(int size, long oldestWaitNanos) {
                        passes.increment();
                        passedFaces.add(size);
                    }

                    @Override
                    public void onForward(int size, long nanos) {
                        forwardNanos.add(nanos);
                    }
                });
        PredictionPipeline pipeline = new PredictionPipeline(ModelSource.only(model), new ImageDecoder(40_000_000L),
                new FaceFinder(FaceDetector.Kind.HAAR, new HaarFaceDetector()), 64, batcher, card -> {
                    throw new IllegalStateException("no tta in the benchmark");
                }, faces -> { });
        HttpServer server = serve(pipeline, concurrency);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/predict");
        return new Target(uri, InferBench::ownRssMb, InferBench::processCpuNanos, true,
                () -> new double[] {passes.sum(), passedFaces.sum(), forwardNanos.sum() / 1e9}, () -> {
                    server.stop(0);
                    ((ExecutorService) server.getExecutor()).shutdownNow();
                    batcher.close();
                });
    }

    /**
     * {@code --server quarkus}: stores the model as a final checkpoint in a bucket of its own ({@value #MODELS_BUCKET},
     * so the project's model listing and start-up choice are left alone) and starts the packaged inference-service
     * on that bucket, which loads it from S3; requests name it.
     */
    private static Target quarkusService(ServingModel model, int maxBatch, int maxDelayMs, int workers,
            int threadsPerWorker) throws IOException {
        ModelCard card = model.card();
        ObjectStore store = new ObjectStore(StorageEndpoint.fromEnvironment());
        store.ensureBucket(MODELS_BUCKET);
        new CheckpointStore(store).save(S3Uri.of(MODELS_BUCKET, card.modelId() + "/v" + card.version() + "/"),
                model.loaded().model(), card);
        String name = card.modelId() + ":" + card.version();
        InferenceServiceProcess service = InferenceServiceProcess.start(name, Map.of(
                "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET,
                "FER_INFERENCE_BATCHING_MAX_BATCH_SIZE", String.valueOf(maxBatch),
                "FER_INFERENCE_BATCHING_MAX_DELAY_MS", String.valueOf(maxDelayMs),
                "FER_INFERENCE_BATCHING_WORKERS", String.valueOf(workers),
                "FER_INFERENCE_BATCHING_THREADS_PER_WORKER", String.valueOf(threadsPerWorker)));
        URI uri = service.uri("/predict?model=" + name);
        return new Target(uri, service::rssMb, service::cpuNanos, false, service::passesFacesAndForwardSeconds, service::close);
    }

    /** The service's answer to {@code POST /predict}, over the JDK's HTTP server. */
    private static HttpServer serve(PredictionPipeline pipeline, int concurrency) throws IOException {
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK (+40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(Math.max(8, concurrency * 2)));
        server.createContext("/predict", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                PredictionResult result = pipeline.predictAndWait(PredictionRequest.ofImage(body, ModelRef.Alias.LATEST,
                        PredictionRequest.Options.DEFAULT));
                reply(exchange, 200, Json.write(Prediction.of(result, false)));
            } catch (InvalidImageException e) {
                reply(exchange, 400, Json.write(Map.of("error", e.getMessage())));
            } catch (RuntimeException e) {
                reply(exchange, 500, Json.write(Map.of("error", String.valueOf(e))));
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Median time of one forward pass of one face, in ms. */
    private static double rawLatencyMs(ServingModel model, byte[] face, int iterations) {
        float[] input = FacePreprocessing.toInput(new byte[][] {face}, Normalisation.FER2013);
        long[] times = new long[iterations];
        for (int i = -20; i < iterations; i++) {
            long t0 = System.nanoTime();
            EmotionClassifier.forward(model.loaded().model(), input, 1, 48);
            if (i >= 0) {
                times[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(times);
        return times[iterations / 2] / 1e6;
    }

    /** Images through forward passes of {@code batch} faces, the wall time and this process's CPU time they took. */
    private record Throughput(long images, long nanos, long cpuNanos) {
        double perSecond() {
            return images / (nanos / 1e9);
        }
    }

    /** Forward passes of {@code batch} faces for about {@code seconds}, after a warm-up. */
    private static Throughput raw(ServingModel model, byte[] face, int batch, int seconds) {
        byte[][] faces = new byte[batch][];
        Arrays.fill(faces, face);
        float[] input = FacePreprocessing.toInput(faces, Normalisation.FER2013);
        for (int i = 0; i < 10; i++) {
            EmotionClassifier.forward(model.loaded().model(), input, batch, 48);
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long images = 0;
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
            EmotionClassifier.forward(model.loaded().model(), input, batch, 48);
            images += batch;
        }
        return new Throughput(images, System.nanoTime() - t0, processCpuNanos() - cpu0);
    }

    /**
     * Images per second through {@code workers} threads, each running forward passes of {@code batch} faces with
     * {@code threads} libtorch threads of its own (0: the default), as the service's batcher runs them.
     */
    private static double rawInParallel(ServingModel model, byte[] face, int batch, int workers, int threads,
            int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(workers);
        List<Future<Throughput>> runs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            runs.add(pool.submit(() -> {
                Djl.intraOpThreadsOnThisThread(threads);
                raw(model, face, batch, 0);
                start.await();
                return raw(model, face, batch, seconds);
            }));
        }
        double perSecond = 0;
        for (Future<Throughput> run : runs) {
            perSecond += run.get().perSecond();
        }
        pool.shutdown();
        return perSecond;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static ServingModel freshModel(String architecture) {
        Djl.engine();
        Model model = Model.newInstance("bench-" + architecture, Device.cpu(), "PyTorch");
        model.setBlock(Architectures.get(architecture).newBlock(Emotion.COUNT));
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 48, 48));
        ModelCard card = new ModelCard("bench-" + architecture, 1, architecture, Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "model", 1, true, new Lineage("bench", "original", null, "bench", "bench", null),
                null, List.of(), Map.of(), "cpu", Instant.now());
        LoadedModel loaded = new LoadedModel(card, model);
        return new ServingModel(loaded, new EmotionClassifier(loaded));
    }

    /** A 960×540 JPEG with three synthetic faces (the detector finds all three). */
    private static byte[] photo() throws IOException {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(7);
        java.awt.image.BufferedImage canvas = new java.awt.image.BufferedImage(960, 540,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = canvas.createGraphics();
        g.setColor(new java.awt.Color(200, 206, 196));
        g.fillRect(0, 0, 960, 540);
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int i = 0; i < 3; i++) {
            g.drawImage(FacePreprocessing.toImage(generator.draw(Emotion.of(i + 2), i)), 40 + i * 310, 120, 240, 240, null);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(canvas, "jpeg", out);
        return out.toByteArray();
    }

    private static byte[] png(java.awt.image.BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Resident set size of this JVM now (VmRSS), in MB. */
    private static long ownRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
