package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** k8s/: the kustomize base and its gpu overlay, parsed file by file and held to the chart's rules. */
class KubernetesManifestsTest {
    static final Path BASE = Repo.K8S.resolve("base");
    static final Path GPU = Repo.K8S.resolve("overlays/gpu");
    static final Set<String> LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of");
    /** Labels only Helm sets (and the annotations that roll pods when the chart's settings change). */
    static final Set<String> HELM_ONLY_LABELS = Set.of("helm.sh/chart", "app.kubernetes.io/managed-by");

    @Test
    void everyManifestFileParsesAsTypedKubernetesObjects() {
        List<Path> files = manifestFiles(Repo.K8S);
        assertTrue(files.size() >= 5, "manifests in k8s/: " + files);
        for (Path file : files) {
            List<HasMetadata> objects = Manifests.parse(Repo.read(file), Repo.ROOT.relativize(file).toString());
            assertFalse(objects.isEmpty(), file + " holds no object");
        }
    }

    @Test
    void kustomizationsNameExactlyTheFilesBesideThem() {
        JsonNode base = kustomization(BASE);
        Set<String> listed = new TreeSet<>();
        base.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = manifestFiles(BASE).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(present, listed, "k8s/base/kustomization.yaml resources vs the files in k8s/base");

        JsonNode gpu = kustomization(GPU);
        assertEquals("../../base", gpu.path("resources").get(0).asText());
        gpu.path("patches").forEach(p -> assertTrue(Files.isRegularFile(GPU.resolve(p.path("path").asText())), "patch " + p));
        Set<String> images = baseObjects().stream().flatMap(o -> Workloads.podTemplates(List.of(o)).values().stream())
                .flatMap(t -> t.getSpec().getContainers().stream()).map(c -> c.getImage().replaceFirst(":[^:/]+$", ""))
                .collect(Collectors.toSet());
        gpu.path("images").forEach(i -> assertTrue(images.contains(i.path("name").asText()), "overlay image " + i + " is in the base"));
    }

    @Test
    void baseServicesMatchTheirOwnConfiguration() {
        List<HasMetadata> objects = baseObjects();
        Map<String, Deployment> services = Workloads.serviceDeployments(objects);
        assertEquals(Set.of("perturb", "trainer", "inference", "saliency"), services.keySet());
        services.forEach((component, deployment) -> {
            Workloads.assertServiceWorkload("k8s/base", component, deployment.getSpec().getTemplate(), objects, Images.djlCacheDir());
            Workloads.assertServiceFor("k8s/base", component, deployment, objects);
        });
        Workloads.assertEveryPodHardened("k8s/base", objects);
        Workloads.assertStandardLabels("k8s/base", objects, LABELS);
        assertTrue(Manifests.ofKind(objects, Secret.class).isEmpty(), "k8s/ holds no Secret: the user creates fer-perturb-s3");
        assertTrue(Repo.read(BASE.resolve("kustomization.yaml")).contains("kubectl create secret generic fer-perturb-s3"),
                "kustomization.yaml tells how to create the Secret");
        assertTrue(Repo.read(BASE.resolve("kustomization.yaml")).contains("kubectl create configmap fer-perturb-auth"),
                "kustomization.yaml tells how to give the services the key that verifies tokens");
    }

    @Test
    void baseIsInStepWithTheChartsDefaultRendering() {
        List<HasMetadata> chart = HelmChart.template(Map.of("init.hook", false));
        Map<String, JsonNode> expected = normalised(chart.stream().filter(o -> !(o instanceof Secret)).toList());
        Map<String, JsonNode> actual = normalised(baseObjects());
        assertEquals(expected.keySet(), actual.keySet(), "objects of k8s/base vs helm template (init.hook=false)");
        expected.forEach((name, tree) -> assertEquals(tree, actual.get(name), name + " differs between k8s/base and the chart"
                + " (regenerate k8s/base from `helm template fer-perturb helm/fer-perturb --set init.hook=false`)"));
    }

    @Test
    void gpuOverlayAppliesWhatValuesGpuDoes() {
        JsonNode valuesGpu = Manifests.documents(Repo.read(HelmChart.VALUES_GPU)).get(0).path("trainer");
        Deployment patch = (Deployment) Manifests.parse(Repo.read(GPU.resolve("trainer-gpu.yaml")), "trainer-gpu.yaml").get(0);
        assertEquals("fer-perturb-trainer", patch.getMetadata().getName());
        PodTemplateSpec pod = patch.getSpec().getTemplate();
        Container trainer = pod.getSpec().getContainers().get(0);
        assertEquals("trainer", trainer.getName());
        assertEquals(new Quantity("1"), trainer.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(Manifests.SERIALIZATION.convertValue(valuesGpu.path("resources"), ResourceRequirements.class),
                trainer.getResources(), "resources as in values-gpu.yaml");
        assertEquals(valuesGpu.path("nodeSelector"), Manifests.tree(pod.getSpec().getNodeSelector()), "nodeSelector");
        assertEquals(List.of(Manifests.SERIALIZATION.convertValue(valuesGpu.path("tolerations"), Toleration[].class)),
                pod.getSpec().getTolerations(), "tolerations as in values-gpu.yaml");
        assertEquals(valuesGpu.path("device").asText(), HelmChartTest.envValue(trainer, "FER_TRAINER_DEVICE"));
        String appVersion = Manifests.documents(Repo.read(Repo.CHART.resolve("Chart.yaml"))).get(0).path("appVersion").asText();
        JsonNode image = kustomization(GPU).path("images").get(0);
        assertEquals("fer-perturb/trainer-service", image.path("name").asText());
        assertEquals(appVersion + valuesGpu.path("image").path("tagSuffix").asText(), image.path("newTag").asText());
    }

    /** Needs kubectl (its built-in kustomize); skipped where there is none. */
    @Test
    void kustomizeBuildsTheBaseAndTheGpuOverlay() {
        assumeTrue(onPath("kubectl"), "kubectl is not installed");
        List<HasMetadata> base = Manifests.parse(kustomize(BASE), "kubectl kustomize k8s/base");
        assertEquals(normalised(baseObjects()).keySet(), normalised(base).keySet());
        List<HasMetadata> gpu = Manifests.parse(kustomize(GPU), "kubectl kustomize k8s/overlays/gpu");
        Map<String, PodTemplateSpec> pods = Workloads.podTemplates(gpu);
        pods.forEach((name, pod) -> {
            boolean trainer = name.equals("Deployment/fer-perturb-trainer");
            Container container = pod.getSpec().getContainers().get(0);
            var limits = container.getResources().getLimits();
            assertEquals(trainer, limits != null && limits.containsKey("nvidia.com/gpu"), name + " GPU limit");
            assertEquals(trainer, pod.getSpec().getNodeSelector() != null && !pod.getSpec().getNodeSelector().isEmpty(), name + " nodeSelector");
            assertEquals(trainer, container.getImage().endsWith("-cuda"), name + " image " + container.getImage());
        });
        Workloads.serviceDeployments(gpu).forEach((component, deployment) ->
                Workloads.assertServiceWorkload("kustomize gpu", component, deployment.getSpec().getTemplate(), gpu, Images.djlCacheDir()));
        Workloads.assertEveryPodHardened("kustomize gpu", gpu);
    }

    static List<HasMetadata> baseObjects() {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : manifestFiles(BASE)) {
            objects.addAll(Manifests.parse(Repo.read(file), Repo.ROOT.relativize(file).toString()));
        }
        return objects;
    }

    static List<Path> manifestFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode kustomization(Path dir) {
        JsonNode kustomization = Manifests.documents(Repo.read(dir.resolve("kustomization.yaml"))).get(0);
        assertEquals("Kustomization", kustomization.path("kind").asText(), dir + "/kustomization.yaml");
        return kustomization;
    }

    /** Objects by Kind/name as JSON trees, without what only Helm adds (chart label, managed-by, settings checksums). */
    private static Map<String, JsonNode> normalised(List<HasMetadata> objects) {
        Map<String, JsonNode> trees = new TreeMap<>();
        for (HasMetadata object : objects) {
            ObjectNode tree = (ObjectNode) Manifests.tree(object);
            stripHelm(tree.path("metadata"));
            stripHelm(tree.path("spec").path("template").path("metadata"));
            trees.put(object.getKind() + "/" + object.getMetadata().getName(), tree);
        }
        return trees;
    }

    private static void stripHelm(JsonNode metadata) {
        if (metadata instanceof ObjectNode node) {
            if (node.path("labels") instanceof ObjectNode labels) {
                HELM_ONLY_LABELS.forEach(labels::remove);
            }
            if (node.path("annotations") instanceof ObjectNode annotations) {
                annotations.remove("checksum/config");
                annotations.remove("checksum/auth");
                if (annotations.isEmpty()) {
                    node.remove("annotations");
                }
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static String kustomize(Path dir) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize timed out");
            assertEquals(0, process.exitValue(), "kubectl kustomize " + dir + ":\n" + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
