package io.ferperturb.e2e;

import static io.ferperturb.e2e.E2eHttp.get;
import static io.ferperturb.e2e.E2eHttp.getBytes;
import static io.ferperturb.e2e.E2eHttp.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.domain.data.Split;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The whole scheme through the real event flow, with the perturb-service killed (SIGKILL) mid-experiment
 * and started again: attention model → clusters → perturbed dataset → baseline and perturbed cnn →
 * evaluation on clean (with and without test-time augmentation) and occluded test sets → table and report.
 */
class ExperimentIT {
    private static final String DATASET = "exp-synthetic";
    private static final String MODELS_BUCKET = "experiment-models";
    private static final Map<String, String> PERTURB_ENV = Map.of("FER_PERTURB_DEVICE", "cpu",
            "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET);

    @Test
    void anExperimentSurvivesARestartAndEndsWithTheBaselineVersusPerturbedTable() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        TestServers.kafka();
        // models of their own, so that the other end-to-end tests still start with no model in S3
        store.ensureBucket(MODELS_BUCKET);
        ServiceProcess trainer = ServiceProcess.start("trainer-service", Map.of("FER_TRAINER_DEVICE", "cpu",
                "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET));
        ServiceProcess perturb = ServiceProcess.start("perturb-service", PERTURB_ENV);
        try {
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            try (Fer2013CsvWriter writer = new Fer2013CsvWriter(csv)) {
                new SyntheticFaceGenerator(3).dataset(60, Imbalance.NONE).forEach(writer::write);
            }
            HttpResponse<String> upload = post(perturb.url() + "/datasets/" + DATASET + "?train=false&replace=true",
                    "text/csv", csv.toByteArray());
            assertEquals(202, upload.statusCode(), upload.body());
            long training = Json.MAPPER.readTree(upload.body()).get("counts").get(Split.TRAINING.usage()).asLong();

            HttpResponse<String> bad = post(perturb.url() + "/experiments", "application/json",
                    ("{\"datasetId\": \"" + DATASET + "\", \"architectures\": [\"no-such-net\"]}").getBytes(StandardCharsets.UTF_8));
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("no-such-net"), bad.body());

            HttpResponse<String> created = post(perturb.url() + "/experiments", "application/json", ("""
                    {"datasetId": "%s", "architectures": ["cnn"], "clusters": 3, "epochs": 2, "attentionEpochs": 2,
                     "batchSize": 32, "seed": 5, "augment": false}""".formatted(DATASET)).getBytes(StandardCharsets.UTF_8));
            assertEquals(202, created.statusCode(), created.body());
            String id = Json.MAPPER.readTree(created.body()).get("id").asText();
            assertEquals("created", Json.MAPPER.readTree(created.body()).get("state").asText());

            // killed once the perturbed dataset is announced, while jobs are still to run
            String experimentUrl = perturb.url() + "/experiments/" + id;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(300)).until(() ->
                    "training-perturbed".equals(state(experimentUrl)) || "succeeded".equals(state(experimentUrl)));
            perturb.kill();
            perturb.close();
            perturb = ServiceProcess.start("perturb-service", PERTURB_ENV);
            String restartedUrl = perturb.url() + "/experiments/" + id;
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> r = get(restartedUrl);
                String state = r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()).get("state").asText() : "";
                assertTrue(!"failed".equals(state), () -> "experiment failed: " + r.body());
                return "succeeded".equals(state);
            });

            JsonNode experiment = Json.MAPPER.readTree(get(restartedUrl).body());
            JsonNode rows = experiment.get("table").get("rows");
            assertEquals(2, rows.size(), rows.toString());
            JsonNode baseline = rows.get(0);
            JsonNode perturbed = rows.get(1);
            assertEquals("baseline", baseline.get("variant").asText());
            assertEquals("perturbed", perturbed.get("variant").asText());
            assertEquals(3, perturbed.get("clusters").asInt());
            for (JsonNode row : rows) {
                assertTrue(row.get("clean").get("accuracy").asDouble() > 0, row.toString());
                assertNotNull(row.get("occluded"), "evaluated on the occluded test set: " + row);
                assertEquals(Emotion.values().length, row.get("occluded").get("recall").size());
            }
            assertTrue(perturbed.get("cleanTta").has("accuracy"), "test-time augmentation: " + perturbed);
            JsonNode deltas = experiment.get("table").get("deltas");
            Set<String> testSets = new HashSet<>();
            deltas.forEach(d -> {
                testSets.add(d.get("testSet").asText());
                assertEquals(Emotion.values().length, d.get("perClassRecall").size(), d.toString());
            });
            assertEquals(Set.of("clean", "clean-tta", "occluded"), testSets);

            // the perturbed dataset: (n + 1)× the Training images, clean test splits, its cluster map
            String perturbedId = experiment.get("perturbedDatasets").get("3").asText();
            assertTrue(perturbedId.matches(DATASET + "-perturbed-k3-[0-9a-f]{8}"), "named after what it is made of: "
                    + perturbedId);
            DatasetManifest manifest = DatasetManifest.fromJson(store.get(S3Uri.of("datasets", perturbedId + "/manifest.json")));
            assertEquals(4 * training, manifest.counts().get(Split.TRAINING.usage()));
            assertEquals("perturbed", manifest.variant());
            ClusterMap map = ClusterMap.fromJson(store.get(S3Uri.of("datasets", perturbedId + "/clusters.json")));
            assertEquals(3, map.k());
            assertEquals(FaceImage.PIXELS, map.labels().length);
            int[] sizes = map.sizes();
            assertEquals(FaceImage.PIXELS, sizes[0] + sizes[1] + sizes[2], "every pixel has one of the n labels");
            for (int size : sizes) {
                assertTrue(size > 0, "no empty cluster");
            }

            // figures and report
            assertPng(perturb.url() + "/datasets/" + DATASET + "/clusters.png");
            assertPng(perturb.url() + "/datasets/" + DATASET + "/distribution.png");
            assertPng(perturb.url() + "/datasets/" + DATASET + "/elbow?format=png");
            JsonNode elbow = Json.MAPPER.readTree(get(perturb.url() + "/datasets/" + DATASET + "/elbow").body());
            assertEquals(8, elbow.get("points").size(), elbow.toString());
            HttpResponse<String> report = get(restartedUrl + "/report");
            assertEquals(200, report.statusCode());
            for (String part : new String[] {"id=\"results\"", "id=\"deltas\"", "Learning curves", "Occlusion robustness",
                    "Cluster map, n = 3", "Saliency per emotion", "data:image/png;base64,"}) {
                assertTrue(report.body().contains(part), "the report shows " + part);
            }
            assertTrue(store.exists(S3Uri.of("experiments", id + "/report.html")));
            String log = java.nio.file.Files.readString(perturb.log());
            assertTrue(log.contains("resuming in state"), "the restarted service picked the experiment up");

            // a sweep over n with gradient-saliency attention taken from an existing checkpoint, in one request
            String baselineModel = baseline.get("modelId").asText();
            HttpResponse<String> sweep = post(perturb.url() + "/experiments", "application/json", ("""
                    {"datasetId": "%s", "architectures": ["cnn"], "sweep": [2, 4], "epochs": 1, "batchSize": 32,
                     "seed": 6, "augment": false, "attention": "saliency", "attentionModel": "%s"}"""
                    .formatted(DATASET, baselineModel)).getBytes(StandardCharsets.UTF_8));
            assertEquals(202, sweep.statusCode(), sweep.body());
            String sweepUrl = perturb.url() + "/experiments/" + Json.MAPPER.readTree(sweep.body()).get("id").asText();
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> r = get(sweepUrl);
                String state = Json.MAPPER.readTree(r.body()).get("state").asText();
                assertTrue(!"failed".equals(state), () -> "sweep failed: " + r.body());
                return "succeeded".equals(state);
            });
            JsonNode sweepExperiment = Json.MAPPER.readTree(get(sweepUrl).body());
            JsonNode sweepRows = sweepExperiment.get("table").get("rows");
            assertEquals(3, sweepRows.size(), "one baseline and one perturbed model per n: " + sweepRows);
            assertEquals(2, sweepRows.get(1).get("clusters").asInt());
            assertEquals(4, sweepRows.get(2).get("clusters").asInt());
            for (int n : new int[] {2, 4}) {
                String sweptId = sweepExperiment.get("perturbedDatasets").get(String.valueOf(n)).asText();
                DatasetManifest swept = DatasetManifest.fromJson(store.get(S3Uri.of("datasets",
                        sweptId + "/manifest.json")));
                assertEquals((n + 1) * training, swept.counts().get(Split.TRAINING.usage()));
                assertEquals(n, ClusterMap.fromJson(store.get(S3Uri.of("datasets", sweptId + "/clusters.json"))).k());
            }
            awaitTrainerCaughtUp();
        } finally {
            perturb.close();
            trainer.close();
        }
    }

    /**
     * Waits until the trainer's consumer group has committed every dataset-ready record (the experiment
     * re-sends an event after the restart), so that the next test's trainer, in the same group, finds no
     * event of this test to train.
     */
    private static void awaitTrainerCaughtUp() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("trainer-service")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(tp -> tp.topic().equals(Topics.DATASET_READY))
                        .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return !latest.isEmpty() && latest.keySet().stream()
                        .allMatch(tp -> committed.get(tp).offset() >= ends.get(tp).offset());
            });
        }
    }

    private static String state(String url) throws Exception {
        HttpResponse<String> r = get(url);
        return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()).get("state").asText() : "";
    }

    private static void assertPng(String url) throws Exception {
        HttpResponse<byte[]> r = getBytes(url);
        assertEquals(200, r.statusCode(), url + ": " + new String(r.body(), StandardCharsets.UTF_8));
        assertEquals((byte) 0x89, r.body()[0], url + " is a PNG");
        assertEquals('P', r.body()[1]);
    }
}
