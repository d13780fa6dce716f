package io.ferperturb.testsupport;

import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;

/**
 * The real Kafka broker and S3 server the integration tests talk to, started once per JVM and chosen
 * in this order: servers named by the environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code S3_ENDPOINT}
 * with {@code S3_ACCESS_KEY}/{@code S3_SECRET_KEY}), else Testcontainers (Kafka and MinIO images) when a
 * Docker engine answers, else servers started here without Docker (a KRaft broker in this JVM, an
 * S3Proxy child process).
 */
public final class TestServers {
    public static final List<String> BUCKETS = List.of("datasets", "models", "experiments");
    /** Partitions of {@code training-jobs}, the chart's and run.sh's default. */
    public static final int TRAINING_JOB_PARTITIONS = 24;

    private static KafkaServer kafka;
    private static S3Server s3;

    private TestServers() {
    }

    public static synchronized KafkaServer kafka() {
        if (kafka == null) {
            String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (external != null && !external.isBlank()) {
                kafka = KafkaServer.external(external);
            } else if (dockerAvailable()) {
                kafka = KafkaServer.container();
            } else {
                kafka = KafkaServer.embedded();
            }
            createTopics(kafka.bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "kafka-test-server-stop"));
        }
        return kafka;
    }

    public static synchronized S3Server s3() {
        if (s3 == null) {
            String external = System.getenv("S3_ENDPOINT");
            if (external != null && !external.isBlank()) {
                s3 = S3Server.external(external, env("S3_ACCESS_KEY", "minioadmin"), env("S3_SECRET_KEY", "minioadmin"));
            } else if (dockerAvailable()) {
                s3 = S3Server.container();
            } else {
                s3 = S3Server.childProcess();
            }
            ObjectStore store = new ObjectStore(s3.settings());
            BUCKETS.forEach(store::ensureBucket);
            Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "s3-test-server-stop"));
        }
        return s3;
    }

    private static void createTopics(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            var existing = admin.listTopics().names().get();
            var missing = Topics.all().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions(t), (short) 1)).toList();
            admin.createTopics(missing).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("creating topics on " + bootstrap + " failed", e);
        }
    }

    /** As the chart and run.sh create them: training jobs are shared out over many partitions, the rest need one. */
    private static int partitions(String topic) {
        return Topics.TRAINING_JOBS.equals(topic) ? TRAINING_JOB_PARTITIONS : 1;
    }

    private static boolean dockerAvailable() {
        if ("false".equals(System.getenv("TESTS_USE_DOCKER"))) {
            return false;
        }
        boolean socket = java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || System.getenv("DOCKER_HOST") != null;
        if (!socket) {
            return false; // asking Testcontainers would log an error for every test JVM
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
