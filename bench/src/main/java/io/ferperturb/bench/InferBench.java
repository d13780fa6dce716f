package io.ferperturb.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferperturb.core.Json;
import io.ferperturb.core.data.Emotion;
import io.ferperturb.core.data.FacePreprocessing;
import io.ferperturb.core.data.ImageDecoder;
import io.ferperturb.core.data.InvalidImageException;
import io.ferperturb.core.data.Normalisation;
import io.ferperturb.core.data.SyntheticFaceGenerator;
import io.ferperturb.core.model.Architectures;
import io.ferperturb.core.model.Djl;
import io.ferperturb.core.model.EmotionClassifier;
import io.ferperturb.core.model.LoadedModel;
import io.ferperturb.core.model.Lineage;
import io.ferperturb.core.model.ModelCard;
import io.ferperturb.inference.predict.DynamicBatcher;
import io.ferperturb.inference.predict.ModelSelection;
import io.ferperturb.inference.predict.Prediction;
import io.ferperturb.inference.predict.PredictionPipeline;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.imageio.ImageIO;

/**
 * {@code ./run.sh bench infer --concurrency 1|16 [--requests N] [--model cnn|resnet18] [--image face|photo]
 * [--max-batch 32] [--max-delay-ms 5] [--rounds 5]}: HTTP load from {@code concurrency} clients, each sending its next
 * request when the previous one is answered, against the inference-service's request path
 * ({@link PredictionPipeline}: decode with the header check, faces, the training preprocessing, the
 * {@link DynamicBatcher}, JSON) served by the JDK's HTTP server in this JVM; then the raw forward pass of
 * the same model in the same JVM, alone (batch 1) and batched (batch = concurrency, and the max batch).
 * The Quarkus REST layer itself is not in this loop. The machine is shared, so rounds alternate the two sides
 * and CPU time is reported too: the service's CPU per request (the clients' own CPU subtracted) against the
 * raw forward's CPU per image predicts the throughput ratio on a machine of our own. Ends with
 * {@code name=value} lines.
 */
public final class InferBench {
    /** Enough for the JIT to compile the HTTP and decoding paths (300 left them half-interpreted). */
    private static final int WARM_UP_REQUESTS = 3000;

    private InferBench() {
    }

    public static void main(String[] argv) throws Exception {
        int concurrency = Integer.parseInt(TrainBench.option(argv, "--concurrency", "16"));
        int requests = Integer.parseInt(TrainBench.option(argv, "--requests", concurrency == 1 ? "3000" : "20000"));
        String architecture = TrainBench.option(argv, "--model", "cnn");
        String imageKind = TrainBench.option(argv, "--image", "face");
        int maxBatch = Integer.parseInt(TrainBench.option(argv, "--max-batch", "32"));
        int maxDelayMs = Integer.parseInt(TrainBench.option(argv, "--max-delay-ms", "5"));
        int rounds = Integer.parseInt(TrainBench.option(argv, "--rounds", "5"));

        ServingModel model = freshModel(architecture);
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        LongAdder batches = new LongAdder();
        LongAdder batchedFaces = new LongAdder();
        byte[] face = new SyntheticFaceGenerator(1).draw(Emotion.HAPPY, 1);
        byte[] image = "photo".equals(imageKind) ? photo() : png(FacePreprocessing.toImage(face));
        try (DynamicBatcher batcher = new DynamicBatcher(maxBatch, maxDelayMs, 1, 4096, (size, wait) -> {
            batches.increment();
            batchedFaces.add(size);
        })) {
            PredictionPipeline pipeline = new PredictionPipeline(new ImageDecoder(40_000_000L),
                    new FaceFinder(new FaceDetector()), 64, batcher, card -> {
                        throw new IllegalStateException("no tta in the benchmark");
                    }, faces -> { });
            HttpServer server = serve(pipeline, ModelSelection.single(model), concurrency);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/predict");
            try {
                load(uri, image, concurrency, WARM_UP_REQUESTS, null, 0);
                raw(model, face, Math.max(1, concurrency), 1);
                batches.reset();
                batchedFaces.reset();
                long rssBefore = rssMb();
                // rounds alternate the service and the raw forward, so both see the same (shared, noisy) machine
                long[] latencies = new long[requests];
                double[] serviceRates = new double[rounds];
                double[] rawRates = new double[rounds];
                double[] rawSingles = new double[rounds];
                StringBuilder rssByRound = new StringBuilder();
                long serviceNanos = 0;
                long serviceCpu = 0;
                long rawImages = 0;
                long rawCpu = 0;
                int perRound = requests / rounds;
                for (int r = 0; r < rounds; r++) {
                    int count = r == rounds - 1 ? requests - perRound * r : perRound;
                    long cpu0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    long clientCpu = load(uri, image, concurrency, count, latencies, perRound * r);
                    long nanos = System.nanoTime() - t0;
                    serviceCpu += processCpuNanos() - cpu0 - clientCpu;
                    serviceNanos += nanos;
                    serviceRates[r] = count / (nanos / 1e9);
                    Throughput rawRound = raw(model, face, Math.max(1, concurrency), 2);
                    rawRates[r] = rawRound.perSecond();
                    rawImages += rawRound.images();
                    rawCpu += rawRound.cpuNanos();
                    rawSingles[r] = rawLatencyMs(model, face, 200);
                    rssByRound.append(r == 0 ? "" : ",").append(rssMb());
                }
                long rssAfter = rssMb();
                Arrays.sort(latencies);
                double rawSingleMs = median(rawSingles);
                double rawBatchedAtConcurrency = median(rawRates);
                double rawBatchedAtMax = raw(model, face, maxBatch, 2).perSecond();
                double serviceCpuMsPerRequest = serviceCpu / 1e6 / requests;
                double rawCpuMsPerImage = rawCpu / 1e6 / rawImages;
                double requestsPerSecond = requests / (serviceNanos / 1e9);
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratios[r] = serviceRates[r] / rawRates[r];
                }
                System.out.printf("model=%s image=%s concurrency=%d requests=%d max_batch=%d max_delay_ms=%d threads=%d%n",
                        architecture, imageKind, concurrency, requests, maxBatch, maxDelayMs,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("mean_batch_size=%.2f%n", batches.sum() == 0 ? 0 : batchedFaces.sum() / (double) batches.sum());
                System.out.printf("rss_before_mb=%d%n", rssBefore);
                System.out.printf("rss_after_mb=%d%n", rssAfter);
                System.out.printf("rss_mb_by_round=%s%n", rssByRound);
                System.out.printf("service_cpu_ms_per_request=%.3f%n", serviceCpuMsPerRequest);
                System.out.printf("raw_cpu_ms_per_image=%.3f%n", rawCpuMsPerImage);
                System.out.printf("throughput_vs_raw_batched_by_cpu=%.3f%n", rawCpuMsPerImage / serviceCpuMsPerRequest);
                System.out.printf("raw_single_p50_ms=%.3f%n", rawSingleMs);
                System.out.printf("raw_batched_images_per_s=%.1f%n", rawBatchedAtConcurrency);
                System.out.printf("raw_max_batch_images_per_s=%.1f%n", rawBatchedAtMax);
                System.out.printf("p50_ms=%.3f%n", latencies[requests / 2] / 1e6);
                System.out.printf("p99_ms=%.3f%n", latencies[Math.min(requests - 1, (int) (requests * 0.99))] / 1e6);
                System.out.printf("throughput_vs_raw_batched=%.3f%n", median(ratios));
                System.out.printf("p50_minus_raw_single_ms=%.3f%n", latencies[requests / 2] / 1e6 - rawSingleMs);
                System.out.printf("requests_per_s=%.1f%n", requestsPerSecond);
            } finally {
                server.stop(0);
                ((ExecutorService) server.getExecutor()).shutdownNow();
            }
        }
        model.retire();
        System.exit(0);
    }

    /** The service's answer to {@code POST /predict}, over the JDK's HTTP server. */
    private static HttpServer serve(PredictionPipeline pipeline, ModelSelection selection, int concurrency) throws IOException {
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK (+40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(Math.max(8, concurrency * 2)));
        server.createContext("/predict", exchange -> {
            long t0 = System.nanoTime();
            byte[] body = exchange.getRequestBody().readAllBytes();
            try (DynamicBatcher.Ticket ticket = pipeline.expect()) {
                List<Prediction.Face> faces = pipeline.predict(ticket, body, selection, FaceFinder.Mode.AUTO, false);
                reply(exchange, 200, Json.write(new Prediction(selection.name(), selection.version(), faces, null,
                        (System.nanoTime() - t0) / 1e6, null, null)));
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

    /**
     * {@code total} requests from {@code clients} closed-loop clients, each on one keep-alive HTTP/1.1
     * connection written and read by hand (as wrk does): the JDK's HttpClient would spend more of the two
     * shared cores than the server under test. Latencies in ns from {@code offset} when asked.
     */
    private static long load(URI uri, byte[] image, int clients, int total, long[] latencies, int offset) throws Exception {
        AtomicInteger next = new AtomicInteger();
        LongAdder clientCpu = new LongAdder();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                long cpu0 = threads.getCurrentThreadCpuTime();
                try (Connection connection = new Connection(uri, image)) {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        int status = connection.post();
                        if (status != 200) {
                            throw new IllegalStateException("request " + i + " failed with " + status);
                        }
                        if (latencies != null) {
                            latencies[offset + i] = System.nanoTime() - t0;
                        }
                    }
                } finally {
                    clientCpu.add(threads.getCurrentThreadCpuTime() - cpu0);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return clientCpu.sum();
    }

    /** One keep-alive connection that posts the same image again and again. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final BufferedInputStream in;
        private final OutputStream out;
        private final byte[] request;

        Connection(URI uri, byte[] image) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            byte[] head = ("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: image/png\r\n"
                    + "Content-Length: " + image.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            request = Arrays.copyOf(head, head.length + image.length);
            System.arraycopy(image, 0, request, head.length, image.length);
        }

        /** Sends the request, reads the whole answer, returns its status. */
        int post() throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            if (length < 0 || in.readNBytes(length).length != length) {
                throw new IOException("an answer without its Content-Length body: " + status);
            }
            return Integer.parseInt(status.split(" ")[1]);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
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

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static ServingModel freshModel(String architecture) {
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

    /** Resident set size now (VmRSS), in MB. */
    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
