package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Training that scales out: the training-jobs topic and its partitions from the init Job, trainer replicas = GPUs,
 * and the optional KEDA ScaledObject that scales the trainers on the consumer lag of the job queue.
 */
class HelmTrainerScalingTest {
    static final String TRAINER = "fer-perturb-trainer";
    static final String KEDA_API = "keda.sh/v1alpha1";

    @Test
    void theInitJobCreatesTheJobTopicWith24PartitionsAndRaisesAnOlderOne() {
        Job job = Manifests.get(HelmChart.template(Map.of("init.hook", false)), Job.class, "fer-perturb-init");
        Container topics = HelmChartTest.container(job.getSpec().getTemplate(), "topics");
        Set<String> created = Set.of(HelmChartTest.envValue(topics, "TOPICS").split(" "));
        assertTrue(created.containsAll(Set.of("training-jobs", "training-jobs.dlq")), "created: " + created);
        assertEquals("training-jobs=24", HelmChartTest.envValue(topics, "TOPIC_PARTITIONS"));
        assertEquals("1", HelmChartTest.envValue(topics, "PARTITIONS"), "the other topics keep one partition");
        String script = topics.getCommand().get(2);
        assertTrue(script.contains("--partitions \"$partitions\"") && script.contains("$TOPIC_PARTITIONS"),
                "the script creates each topic with its own count:\n" + script);
        assertTrue(script.contains("--alter --topic \"$topic\" --partitions \"$partitions\""),
                "a topic with fewer partitions (made by an older release) is raised:\n" + script);

        Job more = Manifests.get(HelmChart.template(Map.of("init.hook", false, "topics.partitionsByTopic.training-jobs", 48)),
                Job.class, "fer-perturb-init");
        assertEquals("training-jobs=48", HelmChartTest.envValue(HelmChartTest.container(more.getSpec().getTemplate(), "topics"),
                "TOPIC_PARTITIONS"));
    }

    @Test
    void partitionsForATopicTheJobDoesNotCreateFailTheRender() {
        Exception e = assertThrows(Exception.class, () -> HelmChart.templateYaml(Map.of("topics.partitionsByTopic.traning-jobs", 8)));
        assertTrue(e.getMessage().contains("traning-jobs"), e.getMessage());
    }

    @Test
    void byDefaultTheChartRunsItsReplicaCountOfTrainersAndNoScaledObject() {
        String yaml = HelmChart.templateYaml(Map.of());
        assertFalse(yaml.contains(KEDA_API), "no KEDA object unless trainer.keda.enabled");
        Deployment trainer = Manifests.get(Manifests.parse(yaml, "default"), Deployment.class, TRAINER);
        assertEquals(1, trainer.getSpec().getReplicas());
        assertTrue(trainer.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .noneMatch(e -> e.getName().equals("FER_TRAINER_THREADS")), "threads 0: libtorch's own default");
    }

    @Test
    void valuesGpuRunsOneTrainerPerGpuAndTheOverlayTheSameCount() {
        Deployment trainer = Manifests.get(HelmChart.template(HelmChart.VALUES_GPU), Deployment.class, TRAINER);
        int gpus = Manifests.documents(Repo.read(HelmChart.VALUES_GPU)).get(0).path("trainer").path("replicaCount").asInt();
        assertTrue(gpus > 1, "values-gpu.yaml sets the trainer count (= GPUs), not the default of one");
        assertEquals(gpus, trainer.getSpec().getReplicas());
        assertEquals("1", trainer.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                .get("nvidia.com/gpu").toString(), "one GPU per trainer");
        Deployment patch = (Deployment) Manifests.parse(Repo.read(KubernetesManifestsTest.GPU.resolve("trainer-gpu.yaml")),
                "trainer-gpu.yaml").get(0);
        assertEquals(gpus, patch.getSpec().getReplicas(), "k8s/overlays/gpu runs as many trainers as values-gpu.yaml");
    }

    @Test
    void threadsReachTheTrainerAsFerTrainerThreads() {
        Deployment trainer = Manifests.get(HelmChart.template(Map.of("trainer.threads", 2)), Deployment.class, TRAINER);
        assertEquals("2", HelmChartTest.envValue(trainer.getSpec().getTemplate().getSpec().getContainers().get(0),
                "FER_TRAINER_THREADS"));
    }

    @Test
    void kedaScalesTheTrainersOnBothQueuesDownToZero() {
        Rendered rendered = render(Map.of("trainer.keda.enabled", true, "trainer.keda.maxReplicaCount", 6));
        JsonNode scaled = rendered.keda("ScaledObject", TRAINER);
        JsonNode spec = scaled.path("spec");
        assertEquals("Deployment", spec.path("scaleTargetRef").path("kind").asText());
        assertEquals(TRAINER, spec.path("scaleTargetRef").path("name").asText());
        assertEquals(0, spec.path("minReplicaCount").asInt(-1), "scale to zero when both queues are empty");
        assertEquals(6, spec.path("maxReplicaCount").asInt());
        assertTrue(spec.path("pollingInterval").isInt() && spec.path("cooldownPeriod").isInt(), spec.toString());

        Map<String, JsonNode> triggers = triggersByTopic(spec);
        assertEquals(Set.of("training-jobs", "dataset-ready"), triggers.keySet(),
                "the job queue, and dataset-ready: with no trainer running nobody expands it into jobs");
        assertEquals("trainer-jobs", triggers.get("training-jobs").path("metadata").path("consumerGroup").asText());
        assertEquals("trainer-service", triggers.get("dataset-ready").path("metadata").path("consumerGroup").asText());
        triggers.forEach((topic, trigger) -> {
            JsonNode metadata = trigger.path("metadata");
            assertEquals("kafka", trigger.path("type").asText(), topic);
            assertEquals("fer-perturb-kafka:9092", metadata.path("bootstrapServers").asText(), topic);
            assertEquals("1", metadata.path("lagThreshold").asText(), topic + ": one trainer per waiting job");
            assertEquals("earliest", metadata.path("offsetResetPolicy").asText(),
                    topic + ": a group that never committed (no trainer ever ran) still shows its lag");
            assertTrue(trigger.path("authenticationRef").isMissingNode(), topic + ": the in-chart Kafka needs no credentials");
        });
        assertTrue(rendered.kedaKinds().stream().noneMatch("TriggerAuthentication"::equals));

        Deployment trainer = Manifests.get(rendered.objects(), Deployment.class, TRAINER);
        assertNull(trainer.getSpec().getReplicas(), "KEDA owns the count: the Deployment must not reset it on upgrade");
        assertEquals(1, Manifests.get(rendered.objects(), Deployment.class, "fer-perturb-perturb").getSpec().getReplicas());
        NetworkPolicy kafka = Manifests.get(rendered.objects(), NetworkPolicy.class, "fer-perturb-kafka");
        assertTrue(kafka.getSpec().getIngress().get(0).getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null
                && "keda".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))),
                "KEDA's operator may read the lag from the in-chart Kafka");
    }

    @Test
    void kedaAuthenticatesToAScramKafkaWithTheServicesSecrets() {
        Map<String, Object> values = external("SASL_SSL");
        values.put("externalKafka.security.sasl.username", HelmKafkaSecurityTest.USER);
        values.put("externalKafka.security.sasl.existingSecret", HelmKafkaSecurityTest.USER);
        values.put("externalKafka.security.tls.caSecret", HelmKafkaSecurityTest.CA_SECRET);
        Rendered rendered = render(values);

        JsonNode auth = rendered.keda("TriggerAuthentication", TRAINER + "-kafka");
        Map<String, JsonNode> refs = secretRefs(auth);
        assertEquals(Set.of("sasl", "tls", "username", "password", "ca"), refs.keySet());
        assertRef(refs.get("password"), HelmKafkaSecurityTest.USER, "password");
        assertRef(refs.get("ca"), HelmKafkaSecurityTest.CA_SECRET, "ca.crt");
        Secret settings = Manifests.get(rendered.objects(), Secret.class, "fer-perturb-trainer-keda");
        for (String parameter : List.of("sasl", "tls", "username")) {
            assertRef(refs.get(parameter), "fer-perturb-trainer-keda", parameter);
        }
        assertEquals(Map.of("sasl", "scram_sha512", "tls", "enable", "username", HelmKafkaSecurityTest.USER),
                settings.getStringData(), "KEDA's words for SCRAM-SHA-512 over TLS");
        triggersByTopic(rendered.keda("ScaledObject", TRAINER).path("spec")).forEach((topic, trigger) -> {
            assertEquals(TRAINER + "-kafka", trigger.path("authenticationRef").path("name").asText(), topic);
            assertEquals(HelmKafkaSecurityTest.BOOTSTRAP, trigger.path("metadata").path("bootstrapServers").asText(), topic);
        });
    }

    @Test
    void kedaAuthenticatesWithTheClientCertificateForMutualTls() {
        Map<String, Object> values = external("SSL");
        values.put("externalKafka.security.tls.caSecret", HelmKafkaSecurityTest.CA_SECRET);
        values.put("externalKafka.security.tls.userSecret", "fer-perturb-tls");
        Rendered rendered = render(values);

        Map<String, JsonNode> refs = secretRefs(rendered.keda("TriggerAuthentication", TRAINER + "-kafka"));
        assertEquals(Set.of("tls", "ca", "cert", "key"), refs.keySet());
        assertRef(refs.get("cert"), "fer-perturb-tls", "user.crt");
        assertRef(refs.get("key"), "fer-perturb-tls", "user.key");
        assertEquals(Map.of("tls", "enable"), Manifests.get(rendered.objects(), Secret.class, "fer-perturb-trainer-keda")
                .getStringData());
    }

    /** The render split into KEDA's objects (custom resources) and the Kubernetes kinds the other tests parse. */
    private record Rendered(List<HasMetadata> objects, List<JsonNode> kedaObjects) {
        JsonNode keda(String kind, String name) {
            return kedaObjects.stream().filter(o -> o.path("kind").asText().equals(kind)
                    && o.path("metadata").path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kedaKinds()));
        }

        List<String> kedaKinds() {
            return kedaObjects.stream().map(o -> o.path("kind").asText()).toList();
        }
    }

    private static Rendered render(Map<String, ?> values) {
        String yaml = HelmChart.templateYaml(values);
        List<JsonNode> documents = Manifests.documents(yaml);
        List<JsonNode> keda = documents.stream().filter(d -> d.path("apiVersion").asText().equals(KEDA_API)).toList();
        String rest = documents.stream().filter(d -> !keda.contains(d)).map(HelmTrainerScalingTest::yaml)
                .collect(Collectors.joining("---\n"));
        keda.forEach(o -> assertEquals("trainer", o.path("metadata").path("labels").path("app.kubernetes.io/component").asText(),
                o.path("kind").asText() + " carries the chart's labels"));
        return new Rendered(Manifests.parse(rest, "helm template " + values), keda);
    }

    private static Map<String, JsonNode> triggersByTopic(JsonNode scaledObjectSpec) {
        Map<String, JsonNode> byTopic = new HashMap<>();
        scaledObjectSpec.path("triggers").forEach(t -> assertNull(byTopic.put(t.path("metadata").path("topic").asText(), t),
                "two triggers on one topic"));
        return byTopic;
    }

    private static Map<String, JsonNode> secretRefs(JsonNode triggerAuthentication) {
        Map<String, JsonNode> refs = new HashMap<>();
        triggerAuthentication.path("spec").path("secretTargetRef").forEach(r -> assertNull(
                refs.put(r.path("parameter").asText(), r), "parameter " + r.path("parameter").asText() + " twice"));
        return refs;
    }

    private static void assertRef(JsonNode ref, String secret, String key) {
        assertEquals(secret, ref.path("name").asText(), ref.toString());
        assertEquals(key, ref.path("key").asText(), ref.toString());
    }

    private static Map<String, Object> external(String protocol) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("kafka.enabled", false);
        values.put("externalKafka.bootstrapServers", HelmKafkaSecurityTest.BOOTSTRAP);
        values.put("externalKafka.security.protocol", protocol);
        values.put("trainer.keda.enabled", true);
        return values;
    }

    private static String yaml(JsonNode document) {
        try {
            return Manifests.YAML.writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
