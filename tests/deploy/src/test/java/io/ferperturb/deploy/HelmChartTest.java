package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** helm/fer-perturb through helm's own library: lint, and what it renders with default, GPU and external values. */
class HelmChartTest {
    static final Set<String> STANDARD_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of", "helm.sh/chart");
    static final String GPU = "nvidia.com/gpu";

    @AfterEach
    void forgetStubSecrets() {
        HelmChart.API.clear();
    }

    @Test
    void lintIsCleanInStrictMode() {
        LintResult lint = HelmChart.lint();
        assertFalse(lint.isFailed(), "helm lint --strict failed: " + lint.getMessages());
        List<String> findings = lint.getMessages().stream()
                .filter(m -> m.contains("[WARNING]") || m.contains("[ERROR]")).toList();
        assertEquals(List.of(), findings, "helm lint --strict");
    }

    @Test
    void defaultValuesRenderASelfContainedCpuInstall() {
        List<HasMetadata> objects = HelmChart.template();
        Set<String> kinds = objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String expected : List.of("Deployment/fer-perturb-perturb", "Deployment/fer-perturb-trainer",
                "Deployment/fer-perturb-inference", "Deployment/fer-perturb-saliency", "Service/fer-perturb-perturb",
                "Service/fer-perturb-trainer", "Service/fer-perturb-inference", "Service/fer-perturb-saliency",
                "StatefulSet/fer-perturb-kafka", "StatefulSet/fer-perturb-minio",
                "Service/fer-perturb-kafka", "Service/fer-perturb-minio", "ConfigMap/fer-perturb-config",
                "Secret/fer-perturb-s3", "ServiceAccount/fer-perturb", "HorizontalPodAutoscaler/fer-perturb-inference",
                "NetworkPolicy/fer-perturb-perturb", "NetworkPolicy/fer-perturb-trainer",
                "NetworkPolicy/fer-perturb-inference", "NetworkPolicy/fer-perturb-saliency",
                "NetworkPolicy/fer-perturb-kafka", "NetworkPolicy/fer-perturb-minio")) {
            assertTrue(kinds.contains(expected), "default render lacks " + expected + ": " + kinds);
        }
        Workloads.assertStandardLabels("helm default", objects, STANDARD_LABELS);
        assertNoGpuAnywhere(objects);
    }

    @Test
    void servicesMatchTheirOwnConfigurationWithDefaultAndGpuValues() {
        for (Path[] values : List.of(new Path[0], new Path[] {HelmChart.VALUES_GPU})) {
            String origin = "helm template " + List.of(values);
            List<HasMetadata> objects = HelmChart.template(values);
            Map<String, Deployment> services = Workloads.serviceDeployments(objects);
            assertEquals(Set.of("perturb", "trainer", "inference", "saliency"), services.keySet(), origin);
            services.forEach((component, deployment) -> {
                Workloads.assertServiceWorkload(origin, component, deployment.getSpec().getTemplate(), objects,
                        Images.djlCacheDir());
                Workloads.assertServiceFor(origin, component, deployment, objects);
            });
            Workloads.assertEveryPodHardened(origin, objects);
        }
    }

    @Test
    void theTrainerHasTimeToSaveTheStepItStoppedAtBeforeItIsKilled() {
        PodTemplateSpec onGpus = Workloads.podTemplates(HelmChart.template(HelmChart.VALUES_GPU))
                .get("Deployment/fer-perturb-trainer");
        Long grace = onGpus.getSpec().getTerminationGracePeriodSeconds();
        // the trainer waits up to fer.trainer.stop-timeout (90 s) for the job to save after SIGTERM
        assertTrue(grace != null && grace > 90, "trainer's terminationGracePeriodSeconds: " + grace);
        PodTemplateSpec byDefault = Workloads.podTemplates(HelmChart.template()).get("Deployment/fer-perturb-trainer");
        assertEquals(120L, byDefault.getSpec().getTerminationGracePeriodSeconds());
    }

    @Test
    void gpuValuesPutTheTrainerAloneOnGpuNodesWithTheCudaImage() {
        List<HasMetadata> objects = HelmChart.template(HelmChart.VALUES_GPU);
        Map<String, PodTemplateSpec> pods = Workloads.podTemplates(objects);
        PodTemplateSpec trainer = pods.get("Deployment/fer-perturb-trainer");
        Container container = trainer.getSpec().getContainers().get(0);
        assertEquals(new Quantity("1"), container.getResources().getLimits().get(GPU), "trainer's nvidia.com/gpu limit");
        assertEquals("true", trainer.getSpec().getNodeSelector().get("nvidia.com/gpu.present"), "trainer's nodeSelector");
        assertTrue(trainer.getSpec().getTolerations().stream().anyMatch(t -> GPU.equals(t.getKey())
                && "NoSchedule".equals(t.getEffect())), "trainer tolerates the GPU taint: " + trainer.getSpec().getTolerations());
        assertTrue(container.getImage().endsWith("-cuda"), "the CUDA image: " + container.getImage());
        assertEquals("gpu", envValue(container, "FER_TRAINER_DEVICE"));
        pods.forEach((name, pod) -> {
            if (!name.equals("Deployment/fer-perturb-trainer")) {
                assertNoGpu(name, pod);
            }
        });
    }

    @Test
    void inferenceScalesWithAnAutoscalingV2Hpa() {
        List<HasMetadata> objects = HelmChart.template();
        HorizontalPodAutoscaler hpa = Manifests.get(objects, HorizontalPodAutoscaler.class, "fer-perturb-inference");
        assertEquals("autoscaling/v2", hpa.getApiVersion());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
        Deployment inference = Manifests.get(objects, Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
        assertNull(inference.getSpec().getReplicas(), "replicas belong to the HPA, not the Deployment");
        assertTrue(hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
        assertEquals("cpu", hpa.getSpec().getMetrics().get(0).getResource().getName());
        assertTrue(Manifests.ofKind(HelmChart.template(Map.of("inference.autoscaling.enabled", false)),
                HorizontalPodAutoscaler.class).isEmpty(), "autoscaling can be switched off");
    }

    @Test
    void s3KeysAreGeneratedAtRandomNeverTakenFromValues() {
        for (Path values : List.of(Repo.CHART.resolve("values.yaml"), HelmChart.VALUES_GPU)) {
            assertFalse(Repo.read(values).toLowerCase().contains("minioadmin"), values + " holds a credential");
            assertNoCredentialIn(values.getFileName().toString(), Manifests.documents(Repo.read(values)).get(0));
        }
        Secret first = Manifests.get(HelmChart.template(), Secret.class, "fer-perturb-s3");
        Secret second = Manifests.get(HelmChart.template(), Secret.class, "fer-perturb-s3");
        assertEquals(Set.of("access-key", "secret-key"), first.getData().keySet());
        assertNotEquals(first.getData(), second.getData(), "keys are random (randAlphaNum)");
        assertTrue(new String(Base64.getDecoder().decode(first.getData().get("secret-key"))).length() >= 32);
        assertEquals("keep", first.getMetadata().getAnnotations().get("helm.sh/resource-policy"),
                "MinIO's data outlives an uninstall: so do its keys");
    }

    @Test
    void anUpgradeKeepsTheGeneratedKeys() {
        HelmChart.API.putSecret(HelmChart.NAMESPACE, "fer-perturb-s3", Map.of("access-key", "YWJj", "secret-key", "ZGVmZ2hp"));
        Secret secret = Manifests.get(HelmChart.template(), Secret.class, "fer-perturb-s3");
        assertEquals(Map.of("access-key", "YWJj", "secret-key", "ZGVmZ2hp"), secret.getData(), "lookup reuses the Secret");
    }

    @Test
    void credentialsReachEveryContainerThroughSecretReferences() {
        List<HasMetadata> objects = HelmChart.template(Map.of("init.hook", false));
        Workloads.podTemplates(objects).forEach((name, pod) -> {
            for (Container container : pod.getSpec().getContainers()) {
                for (EnvVar var : container.getEnv()) {
                    if (var.getName().matches(".*(ACCESS_KEY|SECRET_KEY|PASSWORD|ROOT_USER).*")) {
                        assertNull(var.getValue(), name + " " + var.getName() + " in clear text");
                        assertEquals("fer-perturb-s3", var.getValueFrom().getSecretKeyRef().getName(), name + " " + var.getName());
                    }
                }
            }
        });
    }

    @Test
    void existingKafkaAndS3ReplaceTheInChartOnes() {
        List<HasMetadata> objects = HelmChart.template(Map.of("kafka.enabled", false,
                "externalKafka.bootstrapServers", "my-cluster-kafka-bootstrap.kafka.svc:9092",
                "minio.enabled", false, "externalS3.endpoint", "https://s3.eu-west-1.amazonaws.com",
                "s3.existingSecret", "my-s3", "s3.accessKeyKey", "AWS_ACCESS_KEY_ID", "s3.secretKeyKey", "AWS_SECRET_ACCESS_KEY"));
        assertTrue(Manifests.ofKind(objects, StatefulSet.class).isEmpty(), "no in-chart Kafka or MinIO");
        assertTrue(Manifests.ofKind(objects, Secret.class).isEmpty(), "the chart creates no Secret");
        ConfigMap config = Manifests.get(objects, ConfigMap.class, "fer-perturb-config");
        assertEquals("my-cluster-kafka-bootstrap.kafka.svc:9092", config.getData().get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("https://s3.eu-west-1.amazonaws.com", config.getData().get("FER_STORAGE_ENDPOINT"));
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> {
            Workloads.assertServiceWorkload("external", component, deployment.getSpec().getTemplate(), objects, Images.djlCacheDir());
            var ref = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("FER_STORAGE_SECRET_KEY")).findFirst().orElseThrow()
                    .getValueFrom().getSecretKeyRef();
            assertEquals("my-s3", ref.getName());
            assertEquals("AWS_SECRET_ACCESS_KEY", ref.getKey());
        });
        assertEquals(Set.of("fer-perturb-perturb", "fer-perturb-trainer", "fer-perturb-inference", "fer-perturb-saliency"),
                Manifests.ofKind(objects, NetworkPolicy.class).stream().map(p -> p.getMetadata().getName())
                        .collect(Collectors.toSet()), "one policy per service, none for the in-chart Kafka and MinIO");
    }

    @Test
    void missingExternalSettingsFailTheRenderWithAMessage() {
        Exception kafka = assertThrows(Exception.class, () -> HelmChart.templateYaml(Map.of("kafka.enabled", false)));
        assertTrue(kafka.getMessage().contains("externalKafka.bootstrapServers"), kafka.getMessage());
        Exception s3 = assertThrows(Exception.class, () -> HelmChart.templateYaml(Map.of("minio.enabled", false,
                "externalS3.endpoint", "https://s3.example.com")));
        assertTrue(s3.getMessage().contains("s3.existingSecret"), s3.getMessage());
    }

    @Test
    void theInitJobCreatesEveryTopicTheServicesUseAndTheBuckets() {
        String template = Repo.read(Repo.CHART.resolve("templates/init-job.yaml"));
        assertTrue(template.contains("helm.sh/hook: post-install,post-upgrade"), "the Job is a post-install/upgrade hook");
        assertTrue(Manifests.ofKind(HelmChart.template(), Job.class).isEmpty(), "hooks are not part of the release manifest");

        List<HasMetadata> objects = HelmChart.template(Map.of("init.hook", false));
        Job job = Manifests.get(objects, Job.class, "fer-perturb-init");
        Container topics = container(job.getSpec().getTemplate(), "topics");
        Set<String> created = Set.of(envValue(topics, "TOPICS").split(" "));
        assertTrue(created.containsAll(Images.topicsOfTheServices()),
                "topics the services use " + Images.topicsOfTheServices() + ", created: " + created);
        for (String topic : List.of("dataset-ready", "checkpoint-ready", "training-progress")) {
            assertTrue(created.contains(topic) && created.contains(topic.equals("training-progress") ? topic : topic + ".dlq"),
                    "contract topic " + topic);
        }
        Container buckets = container(job.getSpec().getTemplate(), "buckets");
        ConfigMap config = Manifests.get(objects, ConfigMap.class, "fer-perturb-config");
        for (String var : List.of("FER_STORAGE_DATASETS_BUCKET", "FER_STORAGE_MODELS_BUCKET", "FER_STORAGE_EXPERIMENTS_BUCKET")) {
            assertTrue(buckets.getEnv().stream().anyMatch(e -> e.getName().equals(var)), "buckets container reads " + var);
            assertTrue(buckets.getCommand().get(2).contains("$" + var), "buckets container creates $" + var);
        }
        assertEquals(Set.of("datasets", "models", "experiments"), Set.of(config.getData().get("FER_STORAGE_DATASETS_BUCKET"),
                config.getData().get("FER_STORAGE_MODELS_BUCKET"), config.getData().get("FER_STORAGE_EXPERIMENTS_BUCKET")));
        Workloads.assertEveryPodHardened("init job", objects);
    }

    @Test
    void saliencyRunsOnTheContractPortWithTheServingDevice() {
        List<HasMetadata> objects = HelmChart.template();
        Deployment saliency = Workloads.serviceDeployments(objects).get("saliency");
        assertEquals(ServiceConfig.contractPorts().get("saliency"), ServiceConfig.of("saliency").port());
        assertEquals("auto", envValue(saliency.getSpec().getTemplate().getSpec().getContainers().get(0), "FER_SERVING_DEVICE"));
        assertFalse(Workloads.serviceDeployments(HelmChart.template(Map.of("saliency.enabled", false))).containsKey("saliency"),
                "saliency.enabled=false leaves it out");
    }

    @Test
    void notesTellHowToPostADatasetReadyEventAndCallPredict() {
        String notes = HelmChart.notes(Map.of());
        for (String expected : List.of("kafka-console-producer.sh", "--topic dataset-ready", "fer-perturb-kafka:9092",
                "--labels app.kubernetes.io/instance=fer-perturb", "/jobs", "/predict",
                "svc/fer-perturb-inference 8083:8083", "svc/fer-perturb-trainer 8082:8082", "svc/fer-perturb-perturb 8081:8081")) {
            assertTrue(notes.contains(expected), "NOTES.txt lacks '" + expected + "':\n" + notes);
        }
        assertTrue(HelmChart.notes(Map.of(), HelmChart.VALUES_GPU).contains("NVIDIA device plugin"), "GPU notes");
    }

    @Test
    void renderedObjectsRoundTripThroughTheTypedModel() {
        for (HasMetadata object : HelmChart.template(HelmChart.VALUES_GPU)) {
            JsonNode tree = Manifests.tree(object);
            assertEquals(object.getKind(), tree.path("kind").asText());
            assertFalse(tree.path("metadata").path("name").asText().isEmpty());
        }
    }

    /** No value whose key names a password, key or token, except the names of Secret keys. */
    private static void assertNoCredentialIn(String path, JsonNode node) {
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                assertNoCredentialIn(path + "." + key, value);
            } else if (key.matches("(?i).*(password|secret|accesskey|token).*")
                    && !Set.of("existingSecret", "accessKeyKey", "secretKeyKey", "passwordKey", "caPasswordKey", "userPasswordKey")
                    .contains(key)) {
                assertTrue(value.asText().isEmpty(), path + "." + key + " holds a credential in clear text");
            }
        });
    }

    private static void assertNoGpuAnywhere(List<HasMetadata> objects) {
        Workloads.podTemplates(objects).forEach(HelmChartTest::assertNoGpu);
    }

    private static void assertNoGpu(String name, PodTemplateSpec pod) {
        for (Container container : pod.getSpec().getContainers()) {
            var resources = container.getResources();
            assertFalse(resources.getLimits() != null && resources.getLimits().containsKey(GPU), name + " asks for a GPU");
            assertFalse(resources.getRequests() != null && resources.getRequests().containsKey(GPU), name + " asks for a GPU");
        }
        assertTrue(pod.getSpec().getNodeSelector() == null || pod.getSpec().getNodeSelector().keySet().stream()
                .noneMatch(k -> k.startsWith("nvidia.com")), name + " selects GPU nodes");
        List<Toleration> tolerations = pod.getSpec().getTolerations();
        assertTrue(tolerations == null || tolerations.stream().noneMatch(t -> GPU.equals(t.getKey())), name + " tolerates GPU nodes");
    }

    static String envValue(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    static Container container(PodTemplateSpec pod, String name) {
        return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    @Test
    void thePredictionLogIsOffUnlessTurnedOnAndItsSettingsReachInferenceOnly() {
        Container off = Manifests.get(HelmChart.template(), Deployment.class, "fer-perturb-inference").getSpec()
                .getTemplate().getSpec().getContainers().get(0);
        assertEquals("false", envValue(off, "FER_INFERENCE_PREDICTION_LOG_ENABLED"));
        List<HasMetadata> on = HelmChart.template(Map.of("inference.predictionLog.enabled", true,
                "inference.predictionLog.samplingRate", 0.25));
        Container inference = Manifests.get(on, Deployment.class, "fer-perturb-inference").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertEquals("true", envValue(inference, "FER_INFERENCE_PREDICTION_LOG_ENABLED"));
        assertEquals("0.25", envValue(inference, "FER_INFERENCE_PREDICTION_LOG_SAMPLING_RATE"));
        assertEquals("false", envValue(inference, "FER_INFERENCE_PREDICTION_LOG_STORE_IMAGES"));
        Container saliency = Manifests.get(on, Deployment.class, "fer-perturb-saliency").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertTrue(saliency.getEnv().stream().noneMatch(e -> e.getName().startsWith("FER_INFERENCE_PREDICTION_LOG")));
    }
}
