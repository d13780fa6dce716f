package io.ferperturb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The packaged inference-service ({@code inference-service/target/quarkus-app/quarkus-run.jar}) as a child
 * process, as it runs in production: Quarkus' HTTP layer, REST, JSON, metrics and the registry in front of
 * the pipeline. Read from outside: its RSS and CPU time ({@code /proc}) and its batch-size metric.
 */
final class InferenceServiceProcess implements AutoCloseable {
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Process process;
    private final int port;
    private final Path log;

    private InferenceServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the service with the environment of this process (Kafka and S3 as {@code ./run.sh} exports them) and
     * {@code env} on top, then waits until {@code model} answers {@code /v2/models/{model}/ready}.
     */
    static InferenceServiceProcess start(String model, Map<String, String> env) throws IOException {
        Path jar = Path.of("inference-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package it first "
                    + "(mvn -o -DskipTests install -pl bench -am)");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createDirectories(Path.of("tools/bench/target")).resolve("infer-bench-service-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().putAll(env);
        InferenceServiceProcess service = new InferenceServiceProcess(pb.start(), port, log);
        try {
            service.awaitReady(model, Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now, in MB. */
    long rssMb() {
        return statusKb("VmRSS:") / 1024;
    }

    /** User plus system CPU time the service has used so far. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * From {@code /q/metrics}: forward passes so far, the faces in them, and the seconds they took
     * ({@code fer_inference_batch_size} count and sum, {@code fer_inference_forward_time_seconds} sum).
     */
    double[] passesFacesAndForwardSeconds() throws IOException, InterruptedException {
        String metrics = get("/q/metrics").body();
        double[] figures = new double[3];
        for (String line : metrics.lines().toList()) {
            int field = line.startsWith("fer_inference_batch_size_count") ? 0
                    : line.startsWith("fer_inference_batch_size_sum") ? 1
                    : line.startsWith("fer_inference_forward_time_seconds_sum") ? 2 : -1;
            if (field >= 0) {
                figures[field] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return figures;
    }

    private long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(String model, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the inference-service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                status = get("/v2/models/" + model + "/ready").statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("the inference-service did not serve " + model + " within " + timeout.toSeconds()
                + " s (last status " + status + "); see " + log);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
