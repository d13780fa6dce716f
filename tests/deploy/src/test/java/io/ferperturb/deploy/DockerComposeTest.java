package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml, parsed (anchors and merge keys resolved) and held to the services' configuration. */
class DockerComposeTest {
    static final Pattern IMAGE = Pattern.compile("fer-perturb/([a-z]+)-service:.+");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_]+(:-[^}]*)?}");

    @Test
    void everyServiceRunsOnItsOwnPortWithSettingsItReads() {
        Map<String, Map<String, Object>> services = services();
        Set<String> components = new TreeSet<>();
        services.forEach((name, service) -> {
            String component = component(service);
            if (component == null) {
                return;
            }
            components.add(component);
            ServiceConfig config = ServiceConfig.of(component);
            String where = "docker-compose.yml " + name + ": ";
            List<String> ports = strings(service.get("ports"));
            assertEquals(1, ports.size(), where + "one published port");
            assertTrue(ports.get(0).endsWith(":" + config.port()), where + ports.get(0) + " vs quarkus.http.port " + config.port());
            Map<String, String> env = environment(service);
            env.keySet().forEach(var -> assertTrue(config.knowsEnv(var), where + var + " is no configuration key of " + config.moduleName()));
            assertEquals(String.valueOf(config.port()), env.get("QUARKUS_HTTP_PORT"), where + "QUARKUS_HTTP_PORT");
            config.requiredEnv().forEach(var -> assertTrue(env.containsKey(var), where + var + " (no default) is not set"));
            assertEquals("kafka:19092", env.get("KAFKA_BOOTSTRAP_SERVERS"), where + "Kafka's listener for containers");
            assertEquals("http://minio:9000", env.get("FER_STORAGE_ENDPOINT"), where + "MinIO");
            for (String secret : List.of("FER_STORAGE_ACCESS_KEY", "FER_STORAGE_SECRET_KEY")) {
                assertTrue(VARIABLE.matcher(env.get(secret)).matches(), where + secret + " is a ${VARIABLE:-default}, not a literal");
            }
            String healthcheck = String.join(" ", strings(map(service.get("healthcheck"), where + "healthcheck").get("test")));
            assertTrue(healthcheck.contains("http://localhost:" + config.port() + "/q/health/live"), where + "healthcheck " + healthcheck);
            Map<String, Object> dependsOn = map(service.get("depends_on"), where + "depends_on");
            assertEquals("service_healthy", condition(dependsOn, "kafka"), where + "waits for a healthy Kafka");
            assertEquals("service_healthy", condition(dependsOn, "minio"), where + "waits for a healthy MinIO");
            assertEquals("service_completed_successfully", condition(dependsOn, "init-topics"), where + "waits for the topics");
            assertEquals("service_completed_successfully", condition(dependsOn, "init-buckets"), where + "waits for the buckets");
            if (config.module()) {
                Map<String, Object> build = map(service.get("build"), where + "build");
                assertEquals(config.moduleName(), build.get("context"), where + "build context");
                assertTrue(Files.isRegularFile(Repo.ROOT.resolve(config.moduleName()).resolve(build.get("dockerfile").toString())),
                        where + "dockerfile " + build.get("dockerfile"));
            } else {
                assertEquals(List.of(component), strings(service.get("profiles")), where + "no module yet: behind a profile");
            }
        });
        assertEquals(ServiceConfig.all().keySet(), components, "every service of the contract is in docker-compose.yml");
    }

    @Test
    void everyPortIsPublishedOnLoopbackOnly() {
        services().forEach((name, service) -> strings(service.get("ports")).forEach(port ->
                assertTrue(port.startsWith("127.0.0.1:"), "docker-compose.yml " + name + " publishes " + port
                        + " on every interface: authentication is off here, so 127.0.0.1:<host>:<container>")));
    }

    @Test
    void kafkaAndMinioAreHealthCheckedAndKeepTheirDataInNamedVolumes() {
        Map<String, Object> compose = compose();
        Map<String, Map<String, Object>> services = services();
        Set<String> volumes = map(compose.get("volumes"), "volumes").keySet();
        for (String infra : List.of("kafka", "minio")) {
            Map<String, Object> service = services.get(infra);
            assertNotNull(service, infra);
            assertFalse(strings(map(service.get("healthcheck"), infra + " healthcheck").get("test")).isEmpty());
            List<String> mounts = strings(service.get("volumes"));
            assertTrue(mounts.stream().anyMatch(m -> volumes.contains(m.split(":")[0])), infra + " keeps its data in a named volume: " + mounts);
        }
        Map<String, String> kafka = environment(services.get("kafka"));
        assertEquals("broker,controller", kafka.get("KAFKA_PROCESS_ROLES"), "KRaft, one node");
        assertTrue(kafka.get("KAFKA_ADVERTISED_LISTENERS").contains("//kafka:19092"), "containers reach kafka:19092");
        assertTrue(kafka.get("KAFKA_LISTENERS").contains(":19092"));
    }

    @Test
    void theOneShotInitCreatesEveryTopicTheServicesUseAndTheBuckets() {
        Map<String, Map<String, Object>> services = services();
        Set<String> topics = Set.of(environment(services.get("init-topics")).get("TOPICS").split(" "));
        assertTrue(topics.containsAll(Images.topicsOfTheServices()), "topics " + Images.topicsOfTheServices() + " vs " + topics);
        assertTrue(topics.containsAll(Set.of("dataset-ready", "checkpoint-ready", "training-progress", "dataset-ready.dlq",
                "checkpoint-ready.dlq")));
        assertEquals(Set.of("datasets", "models", "experiments"), Set.of(environment(services.get("init-buckets")).get("BUCKETS").split(" ")));
        for (String init : List.of("init-topics", "init-buckets")) {
            assertEquals("no", services.get(init).get("restart"), init + " runs once");
            String entrypoint = String.join(" ", strings(services.get(init).get("entrypoint")));
            assertTrue(entrypoint.contains(init.equals("init-topics") ? "--if-not-exists" : "--ignore-existing"), init + " is idempotent");
        }
    }

    @Test
    void theGpuProfileReservesAnNvidiaGpuForTheCudaTrainer() {
        Map<String, Object> gpu = services().get("trainer-gpu");
        assertNotNull(gpu, "trainer-gpu");
        assertEquals(List.of("gpu"), strings(gpu.get("profiles")));
        assertEquals("trainer", component(gpu));
        assertTrue(gpu.get("image").toString().endsWith("-cuda"), "the CUDA image");
        assertEquals("src/main/docker/Dockerfile.cuda", map(gpu.get("build"), "build").get("dockerfile"));
        assertEquals("gpu", environment(gpu).get("FER_TRAINER_DEVICE"));
        Map<String, Object> reservations = map(map(map(gpu.get("deploy"), "deploy").get("resources"), "resources")
                .get("reservations"), "reservations");
        @SuppressWarnings("unchecked")
        Map<String, Object> device = ((List<Map<String, Object>>) reservations.get("devices")).get(0);
        assertEquals("nvidia", device.get("driver"));
        assertEquals(List.of("gpu"), strings(device.get("capabilities")));
        services().forEach((name, service) -> {
            if (!name.equals("trainer-gpu")) {
                assertFalse(service.containsKey("deploy"), name + " reserves devices");
            }
        });
        assertTrue(services().get("trainer").get("profiles") == null, "the CPU trainer runs by default");
    }

    static Map<String, Object> compose() {
        return new Yaml().load(Repo.read(Repo.COMPOSE));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose().get("services");
    }

    /** The service component an entry runs, from its image fer-perturb/<component>-service; null for infrastructure. */
    static String component(Map<String, Object> service) {
        Matcher image = IMAGE.matcher(String.valueOf(service.get("image")));
        return image.matches() ? image.group(1) : null;
    }

    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service.get("environment");
        if (environment instanceof Map<?, ?> values) {
            values.forEach((k, v) -> env.put(k.toString(), v == null ? null : v.toString()));
        } else if (environment instanceof List<?> entries) {
            entries.forEach(e -> {
                String[] pair = e.toString().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : null);
            });
        }
        return env;
    }

    private static String condition(Map<String, Object> dependsOn, String service) {
        return String.valueOf(map(dependsOn.get(service), "depends_on." + service).get("condition"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        assertTrue(value instanceof Map, what + " is missing or not a mapping");
        return (Map<String, Object>) value;
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        } else if (value != null) {
            out.add(value.toString());
        }
        return out;
    }
}
