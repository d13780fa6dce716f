package io.ferperturb.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * An in-JVM KRaft broker like {@link KafkaServer#embedded()} with one more listener, SASL_PLAINTEXT with
 * SCRAM-SHA-512 only, as a Strimzi cluster's SCRAM listener. The broker and controller keep their plaintext
 * listeners: the test sets the users up through them, as an operator would.
 */
final class ScramKafkaBroker implements AutoCloseable {
    static final String SCRAM_LISTENER = "SCRAM";

    private final KafkaClusterTestKit cluster;
    private final Path base;

    private ScramKafkaBroker(KafkaClusterTestKit cluster, Path base) {
        this.cluster = cluster;
        this.base = base;
    }

    static ScramKafkaBroker start() throws Exception {
        Path base = Files.createTempDirectory("kafka-scram-test-");
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(base).build();
        String broker = nodes.brokerListenerName().value();
        String controller = nodes.controllerListenerName().value();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setDeleteOnClose(false)
                .setConfigProp("listeners", "%s://localhost:0,%s://localhost:0,%s://localhost:0"
                        .formatted(broker, controller, SCRAM_LISTENER))
                .setConfigProp("listener.security.protocol.map", "%s:PLAINTEXT,%s:PLAINTEXT,%s:SASL_PLAINTEXT"
                        .formatted(broker, controller, SCRAM_LISTENER))
                .setConfigProp("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                // the broker side of SCRAM needs a login module, without credentials of its own
                .setConfigProp("listener.name." + SCRAM_LISTENER.toLowerCase() + ".scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new ScramKafkaBroker(cluster, base);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The SCRAM listener, where the services connect. */
    String scramBootstrapServers() {
        int port = cluster.brokers().values().iterator().next().boundPort(ListenerName.normalised(SCRAM_LISTENER));
        return "localhost:" + port;
    }

    /**
     * Creates a SCRAM-SHA-512 user over the plaintext listener and returns once the SCRAM listener accepts it: the
     * broker learns new credentials from the metadata log, a moment after the controller took them.
     */
    void createUser(String user, String password) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", scramBootstrapServers(),
                    "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", jaasConfig(user, password)))) {
                admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the SCRAM listener never accepted user " + user, e);
                }
                Thread.sleep(200);
            }
        }
    }

    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
                .formatted(user, password);
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            try (Stream<Path> walk = Files.walk(base)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind
            }
        }
    }
}
