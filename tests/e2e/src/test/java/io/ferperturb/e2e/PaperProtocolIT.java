package io.ferperturb.e2e;

import static io.ferperturb.e2e.E2eHttp.get;
import static io.ferperturb.e2e.E2eHttp.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestServers;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Table 2 as one request, through the real services: {@code "protocol": "paper"} on synthetic faces with
 * FER2013's class imbalance, with small epochs, two architectures and two seeds. The attention model is the
 * authors' VGG16 behind the gate, every job trains on 40×40 crops, and the table has the controls, the
 * ensemble, the mean ± SD over seeds and the paired comparisons with their intervals.
 */
class PaperProtocolIT {
    private static final String DATASET = "paper-synthetic";
    private static final String MODELS_BUCKET = "paper-models";

    @Test
    void thePaperProtocolRunsEndToEndWithControlsEnsembleAndIntervals() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        TestServers.kafka();
        store.ensureBucket(MODELS_BUCKET);
        Map<String, String> bucket = Map.of("FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET);
        ServiceProcess trainer = ServiceProcess.start("trainer-service", Map.of("FER_TRAINER_DEVICE", "cpu",
                "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET));
        ServiceProcess perturb = ServiceProcess.start("perturb-service", Map.of("FER_PERTURB_DEVICE", "cpu",
                "FER_STORAGE_MODELS_BUCKET", MODELS_BUCKET));
        try {
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            try (Fer2013CsvWriter writer = new Fer2013CsvWriter(csv)) {
                new SyntheticFaceGenerator(11).dataset(40, Imbalance.FER2013).forEach(writer::write);
            }
            HttpResponse<String> upload = post(perturb.url() + "/datasets/" + DATASET + "?train=false&replace=true",
                    "text/csv", csv.toByteArray());
            assertEquals(202, upload.statusCode(), upload.body());

            HttpResponse<String> created = post(perturb.url() + "/experiments", "application/json", ("""
                    {"datasetId": "%s", "protocol": "paper", "architectures": ["cnn", "resnet18"], "epochs": 1,
                     "batchSize": 32, "seeds": [1, 2], "classWeights": "balanced"}""".formatted(DATASET))
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(202, created.statusCode(), created.body());
            JsonNode spec = Json.MAPPER.readTree(created.body()).get("spec");
            assertEquals(40, spec.get("crop").asInt(), spec.toString());
            assertEquals("attention-vgg16", spec.get("attentionArchitecture").asText());
            assertEquals("sum", spec.get("thresholdScale").asText());
            String url = perturb.url() + "/experiments/" + Json.MAPPER.readTree(created.body()).get("id").asText();
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                HttpResponse<String> r = get(url);
                String state = Json.MAPPER.readTree(r.body()).get("state").asText();
                assertTrue(!"failed".equals(state), () -> "experiment failed: " + r.body());
                return "succeeded".equals(state);
            });

            JsonNode experiment = Json.MAPPER.readTree(get(url).body());
            JsonNode table = experiment.get("table");
            Set<String> rows = new HashSet<>();
            table.get("rows").forEach(r -> rows.add(r.get("architecture").asText() + " " + r.get("variant").asText()
                    + " " + r.get("seed").asLong()));
            for (String architecture : List.of("cnn", "resnet18", "ensemble")) {
                for (String variant : List.of("baseline", "perturbed", "more-steps", "baseline-tta")) {
                    for (long seed : new long[] {1, 2}) {
                        assertTrue(rows.contains(architecture + " " + variant + " " + seed),
                                architecture + " " + variant + " seed " + seed + " in " + rows);
                    }
                }
            }
            table.get("summary").forEach(s -> assertEquals(2, s.get("seeds").asInt(), s.toString()));
            assertTrue(table.get("comparisons").size() >= 3 * 3 * 2, table.get("comparisons").toString());
            for (JsonNode c : table.get("comparisons")) {
                double difference = c.get("difference").asDouble();
                assertTrue(c.get("low").asDouble() <= difference && difference <= c.get("high").asDouble(), c.toString());
                double p = c.get("mcNemarP").asDouble();
                assertTrue(p >= 0 && p <= 1, c.toString());
                assertEquals(c.get("low").asDouble() > 0 || c.get("high").asDouble() < 0, c.get("significant").asBoolean());
            }

            // every job, the attention model included, trained on 40×40 crops with balanced class weights
            JsonNode jobs = experiment.get("jobs");
            assertEquals("attention-vgg16", jobs.get(0).get("architecture").asText());
            for (JsonNode job : jobs) {
                JsonNode card = Json.MAPPER.readTree(store.get(S3Uri.of(MODELS_BUCKET,
                        job.get("modelId").asText() + "/v" + job.get("version").asInt() + "/model.json")));
                assertEquals(40, card.get("hyperparameters").get("crop").asInt(), card.toString());
                assertEquals("balanced", card.get("hyperparameters").get("classWeights").asText(), card.toString());
            }
            HttpResponse<String> report = get(url + "/report");
            assertEquals(200, report.statusCode());
            assertTrue(report.body().contains("id=\"comparisons\""), "the report shows the intervals");
        } finally {
            perturb.close();
            trainer.close();
        }
    }
}
