package io.ferperturb.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.kafka.client.runtime.KafkaRuntimeConfigProducer;
import io.quarkus.runtime.ApplicationConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka security settings as the Helm chart gives them to a service (KAFKA_* environment variables next to its
 * application.properties) become the client configuration Quarkus hands to every SmallRye channel
 * (KafkaRuntimeConfigProducer, the "default-kafka-broker" map), and that configuration authenticates against a
 * SASL_PLAINTEXT SCRAM-SHA-512 listener: records flow with the right password, a wrong one is refused.
 */
class KafkaScramSettingsTest {
    static final List<String> SERVICES = List.of("perturb-service", "trainer-service", "inference-service", "saliency-service");
    static final String USER = "fer-perturb";
    static final String PASSWORD = "Scram-pw-" + UUID.randomUUID();

    static ScramKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = ScramKafkaBroker.start();
        broker.createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyServiceTurnsTheVariablesIntoItsClientsSecuritySettings() {
        for (String service : SERVICES) {
            Map<String, Object> client = clientConfigOf(service, environment(PASSWORD));
            assertEquals(broker.scramBootstrapServers(), client.get("bootstrap.servers"),
                    service + ": the variable overrides application.properties' 127.0.0.1:9092");
            assertEquals("SASL_PLAINTEXT", client.get("security.protocol"), service);
            assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"), service);
            assertEquals(ScramKafkaBroker.jaasConfig(USER, PASSWORD), client.get("sasl.jaas.config"), service);
        }
    }

    @Test
    void withTheRightPasswordRecordsFlowBothWays() throws Exception {
        Map<String, Object> client = clientConfigOf("perturb-service", environment(PASSWORD));
        String topic = "scram-probe-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "job-1", "dataset-ready")).get(60, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put("group.id", "scram-probe");
        consumerConfig.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            assertEquals(1, received.size(), "records read back over the SCRAM listener");
            assertEquals("job-1", received.get(0).key());
            assertEquals("dataset-ready", received.get(0).value());
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        Map<String, Object> client = new HashMap<>(clientConfigOf("trainer-service", environment("not-" + PASSWORD)));
        client.put("max.block.ms", "30000");
        try (var producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            Exception refused = assertThrows(Exception.class,
                    () -> producer.send(new ProducerRecord<>("scram-refused", "k", "v")).get(60, TimeUnit.SECONDS));
            assertTrue(causes(refused).anyMatch(SaslAuthenticationException.class::isInstance),
                    "an authentication error, not another failure: " + refused);
        }
    }

    /** The variables the chart sets for SASL_PLAINTEXT with SCRAM-SHA-512, the JAAS line as Kubernetes expands it. */
    private static Map<String, String> environment(String password) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.scramBootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "FER_KAFKA_SASL_PASSWORD", password,
                "KAFKA_SASL_JAAS_CONFIG", ScramKafkaBroker.jaasConfig(USER, password));
    }

    /**
     * Quarkus' own default Kafka configuration of a service: its application.properties (ordinal 250) and the
     * environment (300), read by the bean the SmallRye Kafka connector merges into every channel.
     */
    private static Map<String, Object> clientConfigOf(String service, Map<String, String> environment) {
        try {
            var properties = ProjectPaths.root().resolve(service).resolve("src/main/resources/application.properties");
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(properties.toUri().toURL(), 250))
                    .withSources(new EnvConfigSource(environment, EnvConfigSource.ORDINAL))
                    .build();
            return new KafkaRuntimeConfigProducer().createKafkaRuntimeConfig(config, new ApplicationConfig() {
                @Override
                public Optional<String> name() {
                    return Optional.of(service);
                }

                @Override
                public Optional<String> version() {
                    return Optional.empty();
                }

                @Override
                public Optional<String> uiHeader() {
                    return Optional.empty();
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<Throwable> causes(Throwable error) {
        return Stream.iterate(error, e -> e != null, Throwable::getCause);
    }
}
