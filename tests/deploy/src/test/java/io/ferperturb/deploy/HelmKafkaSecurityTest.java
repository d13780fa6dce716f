package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An existing Kafka with SASL/SCRAM or mutual TLS (Strimzi's KafkaUser and cluster CA Secrets): every service and
 * the init Job that creates the topics get the same client settings, passwords and keystores only from Secrets.
 */
class HelmKafkaSecurityTest {
    static final String BOOTSTRAP = "my-cluster-kafka-bootstrap.kafka.svc:9093";
    static final String USER = "fer-perturb";
    static final String CA_SECRET = "my-cluster-cluster-ca-cert";
    /** Kept in the stub cluster's Secret: it must not show up anywhere in what the chart renders. */
    static final String PASSWORD = "Zq9sCRAMpassw0rd";
    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"fer-perturb\""
            + " password=\"$(FER_KAFKA_SASL_PASSWORD)\";";

    @AfterEach
    void forgetStubSecrets() {
        HelmChart.API.clear();
    }

    @Test
    void scramOverTlsReachesEveryServiceAndTheInitJob() {
        Map<String, Object> values = external("SASL_SSL");
        values.put("externalKafka.security.sasl.username", USER);
        values.put("externalKafka.security.sasl.existingSecret", USER);
        values.put("externalKafka.security.tls.caSecret", CA_SECRET);
        HelmChart.API.putSecret(HelmChart.NAMESPACE, USER, Map.of("password", base64(PASSWORD)));

        String yaml = HelmChart.templateYaml(values);
        assertFalse(yaml.contains(PASSWORD) || yaml.contains(base64(PASSWORD)), "the password is rendered in clear text");
        List<HasMetadata> objects = Manifests.parse(yaml, "SASL_SSL");
        clients(objects).forEach((name, client) -> {
            Map<String, EnvVar> env = env(client.container());
            assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL").getValue(), name);
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM").getValue(), name + ": SCRAM-SHA-512 by default");
            assertSecretRef(name, env.get("FER_KAFKA_SASL_PASSWORD"), USER, "password");
            assertEquals(JAAS, env.get("KAFKA_SASL_JAAS_CONFIG").getValue(), name);
            List<String> order = List.copyOf(env.keySet());
            assertTrue(order.indexOf("FER_KAFKA_SASL_PASSWORD") < order.indexOf("KAFKA_SASL_JAAS_CONFIG"),
                    name + ": Kubernetes expands $(VAR) only for variables defined before");
            assertTruststore(name, client, env);
            assertFalse(env.containsKey("KAFKA_SSL_KEYSTORE_LOCATION"), name + ": no client certificate with SCRAM");
            assertTrue(volume(client.pod(), "kafka-user").isEmpty(), name);
        });
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> Workloads.assertServiceWorkload(
                "SASL_SSL", component, deployment.getSpec().getTemplate(), objects, Images.djlCacheDir()));
    }

    @Test
    void mutualTlsMountsTheTruststoreAndTheUsersKeystore() {
        Map<String, Object> values = external("SSL");
        values.put("externalKafka.security.tls.caSecret", CA_SECRET);
        values.put("externalKafka.security.tls.userSecret", USER);
        List<HasMetadata> objects = HelmChart.template(values);
        clients(objects).forEach((name, client) -> {
            Map<String, EnvVar> env = env(client.container());
            assertEquals("SSL", env.get("KAFKA_SECURITY_PROTOCOL").getValue(), name);
            assertTruststore(name, client, env);
            String keystore = env.get("KAFKA_SSL_KEYSTORE_LOCATION").getValue();
            assertEquals("PKCS12", env.get("KAFKA_SSL_KEYSTORE_TYPE").getValue(), name);
            assertSecretRef(name, env.get("KAFKA_SSL_KEYSTORE_PASSWORD"), USER, "user.password");
            assertMountedFile(name, client, "kafka-user", keystore, USER, "user.p12");
            assertTrue(env.keySet().stream().noneMatch(n -> n.contains("SASL")), name + ": no SASL with mutual TLS");
        });
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> Workloads.assertServiceWorkload(
                "SSL", component, deployment.getSpec().getTemplate(), objects, Images.djlCacheDir()));
    }

    @Test
    void plaintextAndTheInChartBrokerGetNoSecuritySettings() {
        Map<String, Object> inChart = new LinkedHashMap<>(Map.of("init.hook", false,
                "externalKafka.security.protocol", "SASL_SSL", "externalKafka.security.tls.caSecret", CA_SECRET));
        for (Map<String, Object> values : List.of(external("PLAINTEXT"), inChart)) {
            clients(HelmChart.template(values)).forEach((name, client) -> {
                assertTrue(env(client.container()).keySet().stream().noneMatch(n -> n.matches("(FER_)?KAFKA_(SECURITY|SASL|SSL)_.*")),
                        values + " " + name + ": " + env(client.container()).keySet());
                assertTrue(volume(client.pod(), "kafka-ca").isEmpty(), values + " " + name);
            });
        }
    }

    @Test
    void theInitJobHandsTheSameSettingsToKafkaTopics() {
        Map<String, Object> values = external("SASL_PLAINTEXT");
        values.put("externalKafka.security.sasl.username", USER);
        values.put("externalKafka.security.sasl.existingSecret", USER);
        Job job = Manifests.get(HelmChart.template(values), Job.class, "fer-perturb-init");
        Container topics = HelmChartTest.container(job.getSpec().getTemplate(), "topics");
        String script = topics.getCommand().get(2);
        assertTrue(script.contains("${!KAFKA_SECURITY_*} ${!KAFKA_SASL_*} ${!KAFKA_SSL_*}"), script);
        assertTrue(script.contains("--command-config $client"), "kafka-topics.sh reads the client properties:\n" + script);
        assertEquals(JAAS, env(topics).get("KAFKA_SASL_JAAS_CONFIG").getValue());
    }

    @Test
    void incompleteOrContradictorySettingsFailTheRenderWithAMessage() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("TLS", "use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        expected.put("SASL_SSL", "needs sasl.username and sasl.existingSecret");
        for (Map.Entry<String, String> protocol : expected.entrySet()) {
            Exception failure = assertThrows(Exception.class, () -> HelmChart.templateYaml(external(protocol.getKey())));
            assertTrue(failure.getMessage().contains(protocol.getValue()), failure.getMessage());
        }
        Map<String, Object> gssapi = external("SASL_PLAINTEXT");
        gssapi.putAll(Map.of("externalKafka.security.sasl.username", USER, "externalKafka.security.sasl.existingSecret", USER,
                "externalKafka.security.sasl.mechanism", "GSSAPI"));
        assertTrue(assertThrows(Exception.class, () -> HelmChart.templateYaml(gssapi)).getMessage()
                .contains("use SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN"));
        Map<String, Object> certificateWithSasl = new LinkedHashMap<>(gssapi);
        certificateWithSasl.putAll(Map.of("externalKafka.security.sasl.mechanism", "SCRAM-SHA-512",
                "externalKafka.security.tls.userSecret", USER));
        assertTrue(assertThrows(Exception.class, () -> HelmChart.templateYaml(certificateWithSasl)).getMessage()
                .contains("userSecret (a client certificate) is for protocol SSL"));
        Map<String, Object> caWithoutTls = external("PLAINTEXT");
        caWithoutTls.put("externalKafka.security.tls.caSecret", CA_SECRET);
        assertTrue(assertThrows(Exception.class, () -> HelmChart.templateYaml(caWithoutTls)).getMessage()
                .contains("caSecret is for protocol SSL or SASL_SSL"));
    }

    /** A Kafka client container and its pod: the four services and the init Job's topics container. */
    record Client(PodSpec pod, Container container) {
    }

    private static Map<String, Client> clients(List<HasMetadata> objects) {
        Map<String, Client> clients = new LinkedHashMap<>();
        Workloads.serviceDeployments(objects).forEach((component, deployment) -> {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            clients.put(component, new Client(pod, pod.getContainers().get(0)));
        });
        assertEquals(4, clients.size(), "the four services");
        PodTemplateSpec init = Manifests.get(objects, Job.class, "fer-perturb-init").getSpec().getTemplate();
        clients.put("init", new Client(init.getSpec(), HelmChartTest.container(init, "topics")));
        return clients;
    }

    private static Map<String, Object> external(String protocol) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("kafka.enabled", false);
        values.put("externalKafka.bootstrapServers", BOOTSTRAP);
        values.put("externalKafka.security.protocol", protocol);
        values.put("init.hook", false);
        return values;
    }

    private static void assertTruststore(String name, Client client, Map<String, EnvVar> env) {
        assertEquals("PKCS12", env.get("KAFKA_SSL_TRUSTSTORE_TYPE").getValue(), name);
        assertSecretRef(name, env.get("KAFKA_SSL_TRUSTSTORE_PASSWORD"), CA_SECRET, "ca.password");
        assertMountedFile(name, client, "kafka-ca", env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").getValue(), CA_SECRET, "ca.p12");
    }

    /** The file a location names lies in a read-only mount of that key of that Secret. */
    private static void assertMountedFile(String name, Client client, String volumeName, String location, String secret,
            String key) {
        assertNotNull(location, name + ": no location for " + volumeName);
        VolumeMount mount = client.container().getVolumeMounts().stream().filter(m -> m.getName().equals(volumeName))
                .findFirst().orElseThrow(() -> new AssertionError(name + " does not mount " + volumeName));
        assertEquals(Boolean.TRUE, mount.getReadOnly(), name + " " + volumeName);
        Volume volume = volume(client.pod(), volumeName).orElseThrow(() -> new AssertionError(name + ": no volume " + volumeName));
        assertEquals(secret, volume.getSecret().getSecretName(), name);
        var item = volume.getSecret().getItems().stream().filter(i -> i.getKey().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": " + volumeName + " lacks key " + key));
        assertEquals(mount.getMountPath() + "/" + item.getPath(), location, name + ": the location is the mounted file");
    }

    private static void assertSecretRef(String name, EnvVar var, String secret, String key) {
        assertNotNull(var, name + ": a variable from Secret " + secret + " is missing");
        assertNull(var.getValue(), name + " " + var.getName() + " in clear text");
        SecretKeySelector ref = var.getValueFrom().getSecretKeyRef();
        assertEquals(secret, ref.getName(), name + " " + var.getName());
        assertEquals(key, ref.getKey(), name + " " + var.getName());
    }

    private static Map<String, EnvVar> env(Container container) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        container.getEnv().forEach(var -> assertNull(env.put(var.getName(), var), container.getName() + " sets " + var.getName() + " twice"));
        return env;
    }

    private static Optional<Volume> volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
