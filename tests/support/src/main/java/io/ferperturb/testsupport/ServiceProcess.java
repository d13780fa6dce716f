package io.ferperturb.testsupport;

import io.ferperturb.storage.StorageEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * One packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as a child process against
 * the test servers, as it runs in production: for end-to-end tests of the whole flow.
 */
public final class ServiceProcess implements AutoCloseable {
    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code module} (e.g. trainer-service) and waits until {@code /q/health/live} answers. */
    public static ServiceProcess start(String module, Map<String, String> extraEnv) {
        Path root = ProjectPaths.root();
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; package the services first (mvn -DskipTests package)");
        }
        try {
            int port = S3Server.freePort();
            Path logDir = Files.createDirectories(Path.of("target", "service-logs"));
            Path log = logDir.resolve(module + "-" + port + ".log");
            ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-Dai.djl.offline=true", "-jar", jar.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            StorageEndpoint s3 = TestServers.s3().settings();
            Map<String, String> env = pb.environment();
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            env.put("KAFKA_BOOTSTRAP_SERVERS", TestServers.kafka().bootstrapServers());
            env.put("FER_STORAGE_ENDPOINT", s3.endpoint());
            env.put("FER_STORAGE_ACCESS_KEY", s3.accessKey());
            env.put("FER_STORAGE_SECRET_KEY", s3.secretKey());
            env.putAll(extraEnv);
            ServiceProcess service = new ServiceProcess(module, port, pb.start(), log);
            service.awaitLive(Duration.ofSeconds(120));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + module + " failed", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitLive(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " was not live within " + timeout.toSeconds() + " s; see " + log);
    }

    /** SIGKILL: no shutdown hooks, no goodbye, as when a node dies. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
