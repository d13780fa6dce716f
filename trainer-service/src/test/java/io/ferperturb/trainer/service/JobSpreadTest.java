package io.ferperturb.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferperturb.testsupport.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * How an event's jobs spread over replicas, on the real broker: the partitions {@link JobDispatcher} picks, consumed
 * by two members of one group with the trainer's assignor, 24 partitions as the chart creates them.
 */
class JobSpreadTest {
    private static final int PARTITIONS = TestServers.TRAINING_JOB_PARTITIONS;
    private static final int JOBS = 8;

    @Test
    void eightJobsOfAnEventGoFourAndFourToTwoReplicasWhateverTheEventId() throws Exception {
        String bootstrap = TestServers.kafka().bootstrapServers();
        String topic = "spread-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        String group = "spread-" + UUID.randomUUID();
        try (KafkaConsumer<String, String> a = consumer(bootstrap, group);
                KafkaConsumer<String, String> b = consumer(bootstrap, group);
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            a.subscribe(List.of(topic));
            b.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (a.assignment().size() + b.assignment().size() < PARTITIONS || a.assignment().isEmpty()
                    || b.assignment().isEmpty()) {
                a.poll(Duration.ofMillis(100));
                b.poll(Duration.ofMillis(100));
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no balanced assignment: " + a.assignment() + " / " + b.assignment());
                }
            }
            List<String> events = List.of("evt-a", "evt-b", "experiment-7/round-2", UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            for (String eventId : events) {
                int first = JobDispatcher.firstPartition(eventId, PARTITIONS);
                for (int i = 0; i < JOBS; i++) {
                    producer.send(new ProducerRecord<>(topic, JobDispatcher.partition(first, i, PARTITIONS),
                            eventId + "/" + i, eventId)).get();
                }
            }
            List<String> byA = new ArrayList<>();
            List<String> byB = new ArrayList<>();
            while (byA.size() + byB.size() < events.size() * JOBS) {
                a.poll(Duration.ofMillis(200)).forEach(r -> byA.add(r.value()));
                b.poll(Duration.ofMillis(200)).forEach(r -> byB.add(r.value()));
                if (System.nanoTime() > deadline + Duration.ofSeconds(60).toNanos()) {
                    throw new AssertionError("records missing: " + byA.size() + " + " + byB.size());
                }
            }
            for (String eventId : events) {
                assertEquals(JOBS / 2, byA.stream().filter(eventId::equals).count(), eventId + ": jobs on replica a");
                assertEquals(JOBS / 2, byB.stream().filter(eventId::equals).count(), eventId + ": jobs on replica b");
            }
        }
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RoundRobinAssignor.class.getName());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }
}
