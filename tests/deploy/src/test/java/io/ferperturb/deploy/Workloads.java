package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Checks shared by the chart's rendering and the plain manifests: one set of rules for both. */
final class Workloads {
    static final String COMPONENT = "app.kubernetes.io/component";
    /** Containers that may keep a writable root filesystem, and why. */
    static final Map<String, String> WRITABLE_ROOT = Map.of("kafka", "apache/kafka writes its server.properties at start");
    /** Where the images keep DJL's writable cache and temporary files (src/main/docker). */
    static final String TMP = "/tmp";

    private Workloads() {
    }

    /** Pod templates of every workload, by "Kind/name". */
    static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        Manifests.ofKind(objects, Deployment.class).forEach(d -> pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        Manifests.ofKind(objects, StatefulSet.class).forEach(s -> pods.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        Manifests.ofKind(objects, Job.class).forEach(j -> pods.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return pods;
    }

    /** The Deployments of services (components with a ServiceConfig), by component. */
    static Map<String, Deployment> serviceDeployments(List<HasMetadata> objects) {
        Map<String, Deployment> services = new LinkedHashMap<>();
        for (Deployment deployment : Manifests.ofKind(objects, Deployment.class)) {
            String component = deployment.getSpec().getTemplate().getMetadata().getLabels().get(COMPONENT);
            assertNotNull(component, deployment.getMetadata().getName() + " has no " + COMPONENT + " label");
            assertTrue(ServiceConfig.all().containsKey(component),
                    "Deployment " + deployment.getMetadata().getName() + " runs '" + component + "', no service of the contract");
            services.put(component, deployment);
        }
        return services;
    }

    /**
     * A service's container against the service's own configuration: its port, its environment (every name a
     * key it reads, QUARKUS_HTTP_PORT equal to the port, keys without default set, credentials from a Secret),
     * the health probes, resources, hardening and the writable volumes the image needs.
     */
    static void assertServiceWorkload(String origin, String component, PodTemplateSpec template, List<HasMetadata> objects,
            String djlCacheDir) {
        ServiceConfig config = ServiceConfig.of(component);
        String where = origin + " " + component + ": ";
        PodSpec pod = template.getSpec();
        assertEquals(1, pod.getContainers().size(), where + "one container");
        Container container = pod.getContainers().get(0);
        assertEquals(component, container.getName(), where + "container name");
        assertTrue(container.getImage().matches("(.+/)?" + config.moduleName() + ":[\\w.-]+"),
                where + "image " + container.getImage() + " is not <registry>/" + config.moduleName() + ":<tag>");

        assertEquals(1, container.getPorts().size(), where + "one port");
        assertEquals(config.port(), container.getPorts().get(0).getContainerPort(),
                where + "containerPort vs quarkus.http.port of " + config.moduleName());
        assertEquals("http", container.getPorts().get(0).getName(), where + "port name");

        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            assertNull(env.put(var.getName(), var), where + "env " + var.getName() + " set twice");
            assertTrue(config.knowsEnv(var.getName()), where + "env " + var.getName() + " is no configuration key of "
                    + config.moduleName() + " (Quarkus env mapping of " + config.keys() + ")");
        }
        assertTrue(container.getEnvFrom() == null || container.getEnvFrom().isEmpty(), where + "explicit env only");
        assertEquals(String.valueOf(config.port()), valueOf(env.get("QUARKUS_HTTP_PORT"), objects),
                where + "QUARKUS_HTTP_PORT");
        for (String required : config.requiredEnv()) {
            assertTrue(env.containsKey(required), where + required + " (no default in " + config.moduleName() + ") is not set");
        }
        for (String name : List.of("KAFKA_BOOTSTRAP_SERVERS", "FER_STORAGE_ENDPOINT")) {
            assertTrue(env.containsKey(name), where + name + " is not set (the default is 127.0.0.1)");
            assertNotNull(valueOf(env.get(name), objects), where + name + " resolves to nothing");
        }
        for (String secret : List.of("FER_STORAGE_ACCESS_KEY", "FER_STORAGE_SECRET_KEY")) {
            EnvVar var = env.get(secret);
            assertNull(var.getValue(), where + secret + " in clear text");
            assertNotNull(var.getValueFrom().getSecretKeyRef(), where + secret + " must come from a Secret");
        }
        env.values().forEach(var -> valueOf(var, objects));

        assertHttpProbe(where + "liveness", container.getLivenessProbe(), "/q/health/live", config.port());
        assertHttpProbe(where + "readiness", container.getReadinessProbe(), "/q/health/ready", config.port());
        assertHttpProbe(where + "startup", container.getStartupProbe(), "/q/health/live", config.port());

        assertHardened(where, pod, container);
        assertTrue(isTrue(effective(pod, container, SecurityContext::getReadOnlyRootFilesystem, null)),
                where + "readOnlyRootFilesystem");
        assertEmptyDirAt(where, pod, container, TMP);
        assertEmptyDirAt(where, pod, container, djlCacheDir);
        assertFalse(Boolean.TRUE.equals(pod.getAutomountServiceAccountToken()), where + "no API token needed");
    }

    /** The Service of a component exposes the container's port under the same name. */
    static void assertServiceFor(String origin, String component, Deployment deployment, List<HasMetadata> objects) {
        Service service = Manifests.get(objects, Service.class, deployment.getMetadata().getName());
        int port = ServiceConfig.of(component).port();
        assertEquals(1, service.getSpec().getPorts().size(), origin + " Service " + component);
        ServicePort servicePort = service.getSpec().getPorts().get(0);
        assertEquals(port, servicePort.getPort(), origin + " Service " + component + " port vs quarkus.http.port");
        assertEquals("http", servicePort.getTargetPort().getStrVal(), origin + " Service " + component + " targetPort");
        assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector(),
                origin + " Service " + component + " selects the Deployment's pods");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        service.getSpec().getSelector().forEach((k, v) -> assertEquals(v, podLabels.get(k), origin + " selector " + k));
    }

    /** Resources, non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp: every container. */
    static void assertHardened(String where, PodSpec pod, Container container) {
        assertNotNull(container.getResources(), where + container.getName() + " has no resources");
        Map<String, ?> requests = container.getResources().getRequests();
        Map<String, ?> limits = container.getResources().getLimits();
        assertTrue(requests != null && requests.containsKey("cpu") && requests.containsKey("memory"),
                where + container.getName() + " requests cpu and memory");
        assertTrue(limits != null && limits.containsKey("memory"), where + container.getName() + " limits memory");
        assertTrue(isTrue(effective(pod, container, SecurityContext::getRunAsNonRoot, PodSecurityContext::getRunAsNonRoot)),
                where + container.getName() + " runAsNonRoot");
        SecurityContext security = container.getSecurityContext();
        assertNotNull(security, where + container.getName() + " has no securityContext");
        assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), where + container.getName() + " allowPrivilegeEscalation");
        assertTrue(security.getCapabilities() != null && security.getCapabilities().getDrop().contains("ALL"),
                where + container.getName() + " drops ALL capabilities");
        assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty(),
                where + container.getName() + " adds no capability");
        String seccomp = Optional.ofNullable(security.getSeccompProfile()).map(p -> p.getType())
                .orElse(Optional.ofNullable(pod.getSecurityContext()).map(PodSecurityContext::getSeccompProfile)
                        .map(p -> p.getType()).orElse(null));
        assertEquals("RuntimeDefault", seccomp, where + container.getName() + " seccompProfile");
        Boolean readOnly = effective(pod, container, SecurityContext::getReadOnlyRootFilesystem, null);
        if (!isTrue(readOnly) && !WRITABLE_ROOT.containsKey(container.getName())) {
            fail(where + container.getName() + " has a writable root filesystem");
        }
        assertNotRoot(pod, container, where);
    }

    private static void assertNotRoot(PodSpec pod, Container container, String where) {
        Long uid = effective(pod, container, SecurityContext::getRunAsUser, PodSecurityContext::getRunAsUser);
        assertTrue(uid == null || uid != 0, where + container.getName() + " runs as root (uid 0)");
    }

    static void assertEveryPodHardened(String origin, List<HasMetadata> objects) {
        Map<String, PodTemplateSpec> pods = podTemplates(objects);
        assertFalse(pods.isEmpty(), origin + ": no workloads");
        pods.forEach((name, template) -> {
            PodSpec pod = template.getSpec();
            for (Container container : pod.getContainers()) {
                assertHardened(origin + " " + name + ": ", pod, container);
            }
            if (pod.getInitContainers() != null) {
                pod.getInitContainers().forEach(c -> assertHardened(origin + " " + name + " init: ", pod, c));
            }
            assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(),
                    origin + " " + name + ": service links put KAFKA_PORT-like variables into every pod");
        });
    }

    /** Every object carries the standard labels; workloads' selectors match their pods. */
    static void assertStandardLabels(String origin, List<HasMetadata> objects, Set<String> required) {
        for (HasMetadata object : objects) {
            Map<String, String> labels = Objects.requireNonNullElse(object.getMetadata().getLabels(), Map.of());
            for (String label : required) {
                assertTrue(labels.containsKey(label), origin + " " + object.getKind() + "/" + object.getMetadata().getName()
                        + " lacks label " + label);
            }
        }
        podTemplates(objects).forEach((name, template) -> {
            for (String label : required) {
                assertTrue(template.getMetadata().getLabels().containsKey(label), origin + " " + name + " pods lack " + label);
            }
        });
        for (Deployment deployment : Manifests.ofKind(objects, Deployment.class)) {
            deployment.getSpec().getSelector().getMatchLabels().forEach((k, v) ->
                    assertEquals(v, deployment.getSpec().getTemplate().getMetadata().getLabels().get(k),
                            origin + " " + deployment.getMetadata().getName() + " selector " + k));
        }
        for (StatefulSet set : Manifests.ofKind(objects, StatefulSet.class)) {
            set.getSpec().getSelector().getMatchLabels().forEach((k, v) ->
                    assertEquals(v, set.getSpec().getTemplate().getMetadata().getLabels().get(k),
                            origin + " " + set.getMetadata().getName() + " selector " + k));
        }
    }

    /** The value an env var resolves to: literal, or the ConfigMap key it references (which must exist). */
    static String valueOf(EnvVar var, List<HasMetadata> objects) {
        if (var == null) {
            return null;
        }
        if (var.getValueFrom() == null) {
            return var.getValue();
        }
        if (var.getValueFrom().getConfigMapKeyRef() != null) {
            var ref = var.getValueFrom().getConfigMapKeyRef();
            ConfigMap map = Manifests.get(objects, ConfigMap.class, ref.getName());
            assertTrue(map.getData().containsKey(ref.getKey()), "ConfigMap " + ref.getName() + " has no key " + ref.getKey());
            return map.getData().get(ref.getKey());
        }
        return var.getValueFrom().getSecretKeyRef() != null ? "<secret>" : "<ref>";
    }

    private static void assertHttpProbe(String where, Probe probe, String path, int port) {
        assertNotNull(probe, where + " probe missing");
        assertNotNull(probe.getHttpGet(), where + " probe is not an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), where + " probe path");
        var target = probe.getHttpGet().getPort();
        assertTrue("http".equals(target.getStrVal()) || Integer.valueOf(port).equals(target.getIntVal()),
                where + " probe port " + target + " is not the service's port " + port);
    }

    private static void assertEmptyDirAt(String where, PodSpec pod, Container container, String path) {
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(where + "nothing writable mounted at " + path));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(where + "no volume " + mount.getName()));
        assertNotNull(volume.getEmptyDir(), where + path + " is not an emptyDir");
        assertFalse(Boolean.TRUE.equals(mount.getReadOnly()), where + path + " mounted read-only");
    }

    private static <T> T effective(PodSpec pod, Container container, Function<SecurityContext, T> ofContainer,
            Function<PodSecurityContext, T> ofPod) {
        T value = container.getSecurityContext() == null ? null : ofContainer.apply(container.getSecurityContext());
        if (value == null && ofPod != null && pod.getSecurityContext() != null) {
            value = ofPod.apply(pod.getSecurityContext());
        }
        return value;
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }
}
