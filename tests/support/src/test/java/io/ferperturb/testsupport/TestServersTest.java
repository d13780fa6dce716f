package io.ferperturb.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TestServersTest {

    @Test
    void s3ServerStoresListsAndDeletesObjectsOverHttp() {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        S3Uri uri = S3Uri.of("datasets", "probe/hello.txt");
        store.put(uri, "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), store.get(uri));
        assertEquals(List.of("probe/hello.txt"), store.list(S3Uri.of("datasets", "probe/")));
        store.deletePrefix(S3Uri.of("datasets", "probe/"));
        assertFalse(store.exists(uri));
    }

    @Test
    void kafkaBrokerDeliversARecordFromProducerToConsumer() {
        String bootstrap = TestServers.kafka().bootstrapServers();
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("probe", "k", "v")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "probe", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("probe"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 20 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertTrue(records.count() >= 1, "the record came back");
            assertEquals("v", records.iterator().next().value());
        }
    }
}
