package io.ferperturb.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;

/** A running Kafka broker for tests; {@link #close()} stops it if this JVM started it. */
public final class KafkaServer implements AutoCloseable {
    private final String bootstrapServers;
    private final AutoCloseable owned;

    private KafkaServer(String bootstrapServers, AutoCloseable owned) {
        this.bootstrapServers = bootstrapServers;
        this.owned = owned;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    static KafkaServer external(String bootstrap) {
        return new KafkaServer(bootstrap, null);
    }

    static KafkaServer container() {
        KafkaContainer container = new KafkaContainer("apache/kafka-native:3.8.0");
        container.start();
        return new KafkaServer(container.getBootstrapServers(), container::stop);
    }

    /**
     * A combined broker+controller KRaft node in this JVM (Kafka's own test kit). Its data lives in a
     * folder of ours: the kit's default temp folders are deleted by a shutdown hook of Kafka's that races
     * the broker's own shutdown, and a broker that loses its log folder halts the JVM with status 1.
     */
    static KafkaServer embedded() {
        try {
            Path base = Files.createTempDirectory("kafka-test-");
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(base).build())
                    .setDeleteOnClose(false)
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaServer(cluster.bootstrapServers(), () -> {
                cluster.close();
                deleteTree(base);
            });
        } catch (Exception e) {
            throw new IllegalStateException("starting the in-JVM Kafka broker failed", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
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
