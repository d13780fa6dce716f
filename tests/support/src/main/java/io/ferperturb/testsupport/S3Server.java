package io.ferperturb.testsupport;

import io.ferperturb.storage.StorageEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.MinIOContainer;

/**
 * A running S3 server for tests. Without Docker it is S3Proxy (filesystem backend) in a child JVM,
 * on the class path that {@code tools/infra/s3-server} copies into {@code target/lib}: S3Proxy needs its own
 * Jackson/OpenTelemetry versions, which a child JVM keeps apart from the Quarkus test class path.
 */
public final class S3Server implements AutoCloseable {
    private final StorageEndpoint settings;
    private final AutoCloseable owned;

    private S3Server(StorageEndpoint settings, AutoCloseable owned) {
        this.settings = settings;
        this.owned = owned;
    }

    public StorageEndpoint settings() {
        return settings;
    }

    static S3Server external(String endpoint, String accessKey, String secretKey) {
        return new S3Server(new StorageEndpoint(endpoint, accessKey, secretKey), null);
    }

    static S3Server container() {
        MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");
        minio.start();
        return new S3Server(new StorageEndpoint(minio.getS3URL(), minio.getUserName(), minio.getPassword()),
                minio::stop);
    }

    static S3Server childProcess() {
        Path lib = ProjectPaths.root().resolve("tools/infra/s3-server/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("no S3 server class path at " + lib
                    + "; build it with: mvn -f tools/infra/pom.xml package");
        }
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("s3-test-");
            Files.createDirectories(dir.resolve("data"));
            Path props = dir.resolve("s3proxy.properties");
            String endpoint = "http://127.0.0.1:" + port;
            Files.writeString(props, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=test-access",
                    "s3proxy.credential=test-secret",
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data")));
            Path logback = dir.resolve("logback.xml");
            Files.writeString(logback, "<configuration><appender name=\"o\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                    + "<encoder><pattern>%d %-5level %logger{20} %msg%n</pattern></encoder></appender>"
                    + "<root level=\"WARN\"><appender-ref ref=\"o\"/></root></configuration>");
            Process process = new ProcessBuilder(List.of(javaBin(), "-Xmx384m",
                    "-Dlogback.configurationFile=" + logback, "-cp", lib + "/*", "org.gaul.s3proxy.Main",
                    "--properties", props.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
            waitForPort(port, process, dir.resolve("s3proxy.log"));
            return new S3Server(new StorageEndpoint(endpoint, "test-access", "test-secret"), () -> {
                process.destroy();
                process.waitFor();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("starting S3Proxy failed", e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, Process process, Path log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited; see " + log);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not open port " + port + " within 60 s; see " + log);
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }
    }
}
