package io.ferperturb.inference.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.inference.TestImages;
import io.ferperturb.testsupport.KafkaTestResource;
import io.ferperturb.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A flood of JPEGs of a few hundred bytes whose headers claim 24 megapixels (under the pixel limit, so each is
 * really decoded): the live heap, sampled after full collections while the flood runs, grows by at most what the
 * decode permits allow, where decoding every one at once grows it by a raster per concurrent request. Runs in the
 * application {@link PredictResourceTest} has loaded a model into.
 */
@QuarkusTest
@Order(2)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class LargeImageMemoryTest {
    static final int CLIENTS = 8;
    static final int REQUESTS_PER_CLIENT = 4;
    static final int WIDTH = 5000;
    static final int HEIGHT = 4800;
    /** Beyond the permitted rasters: what the service itself may allocate meanwhile (buffers, face crops). */
    static final long SLACK_BYTES = 96L << 20;

    @TestHTTPResource("/")
    URL root;

    @ConfigProperty(name = "fer.serving.concurrent-large-decodes", defaultValue = "2")
    int permits;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aFloodOfSmallFilesClaimingTensOfMegapixelsKeepsTheLiveHeapBounded() throws Exception {
        byte[] bomb = TestImages.jpegHeaderClaiming(WIDTH, HEIGHT);
        assertTrue(bomb.length < 2048, "a small file: " + bomb.length + " bytes");
        long rasterBytes = 4L * WIDTH * HEIGHT; // at most 4 bytes a pixel, whatever the decoder's image type
        // each permitted decode: its raster and at most two working copies (colour conversion, the detector's grey copy)
        long bound = permits * 3 * rasterBytes + SLACK_BYTES;

        LiveHeapSampler sampler = new LiveHeapSampler();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<Integer, Integer> seen = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            sampler.start();
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "predict"))
                                .header("Content-Type", "image/jpeg").timeout(Duration.ofSeconds(300))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        seen.merge(r.statusCode(), 1, Integer::sum);
                        boolean busy = r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent();
                        if (r.statusCode() >= 500 && !busy) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdown();
            sampler.stop();
        }
        statuses.putAll(seen);
        long growth = sampler.peakGrowth();
        System.out.printf("flood of %d JPEGs of %d bytes claiming %dx%d: statuses %s, live heap grew by at most %d MB "
                + "(bound %d MB, %d samples)%n", CLIENTS * REQUESTS_PER_CLIENT, bomb.length, WIDTH, HEIGHT, statuses,
                growth >> 20, bound >> 20, sampler.samples());
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), "statuses " + statuses);
        assertTrue(growth <= bound, "the live heap grew by " + (growth >> 20) + " MB, more than " + (bound >> 20)
                + " MB: " + permits + " decodes of three " + (rasterBytes >> 20) + " MB rasters and slack; statuses " + statuses);
    }

    /**
     * The heap in use right after a full collection, sampled over and over on its own thread: live data only, so
     * the peak counts the rasters in use at once, not the garbage they leave.
     */
    static final class LiveHeapSampler {
        static final long PAUSE_MS = 400;
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private long baseline;
        private Thread thread;

        void start() {
            baseline = liveBytes();
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(liveBytes(), Math::max);
                    samples.incrementAndGet();
                    try {
                        Thread.sleep(PAUSE_MS); // leaves the service time to run between full collections
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "live-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long peakGrowth() {
            return Math.max(0, peak.get() - baseline);
        }

        long samples() {
            return samples.get();
        }

        private long liveBytes() {
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
