package io.ferperturb.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each service's Dockerfile.jvm (and the trainer's Dockerfile.cuda), read instruction by instruction. */
class DockerfileTest {

    @Test
    void everyServiceModuleHasAnImageThatRunsAsNonRootWithAHealthcheck() {
        List<ServiceConfig> services = Images.built();
        assertFalse(services.isEmpty());
        for (ServiceConfig service : services) {
            assertImage(service, Dockerfile.read(Images.dockerfile(service, "jvm")), "eclipse-temurin:17-jre");
        }
    }

    @Test
    void theTrainerHasACudaImageOnTheCuda124Runtime() {
        ServiceConfig trainer = ServiceConfig.of("trainer");
        Dockerfile cuda = Dockerfile.read(Images.dockerfile(trainer, "cuda"));
        assertImage(trainer, cuda, "nvidia/cuda:12.4");
        String warmUp = extractorStep(cuda);
        assertTrue(warmUp.contains("--no-load"), "builders have no GPU: extract only");
        assertTrue(warmUp.contains("pytorch-native-cu124"), "the build fails without the cuda profile's libtorch");
        assertTrue(Repo.read(cuda.path()).contains("mvn -B -Pcuda"), "the header tells how to package the CUDA build");
        assertTrue(String.join(" ", cuda.last().all("COPY")).contains("--from=jre"), "a JRE 17 on the CUDA base");
    }

    @Test
    void theChartMountsWritableDirectoriesWhereTheImagesWrite() {
        JsonNode values = Manifests.documents(Repo.read(Repo.CHART.resolve("values.yaml"))).get(0);
        assertEquals(Images.djlCacheDir(), values.path("paths").path("djlCache").asText(), "chart paths.djlCache vs DJL_CACHE_DIR");
        assertEquals(Workloads.TMP, values.path("paths").path("tmp").asText());
        for (ServiceConfig service : Images.built()) {
            Dockerfile image = Dockerfile.read(Images.dockerfile(service, "jvm"));
            assertTrue(image.last().env().get("JAVA_OPTS").contains("-Djava.io.tmpdir=" + Workloads.TMP), service.moduleName());
            assertEquals(values.path("podSecurityContext").path("runAsUser").asText(), user(image),
                    service.moduleName() + ": the chart's runAsUser is the image's user");
        }
    }

    @Test
    void theImagesCopyOnlyThePackagedApplicationWhichHoldsNoToolOrTestCode() throws Exception {
        for (ServiceConfig service : Images.built()) {
            Dockerfile image = Dockerfile.read(Images.dockerfile(service, "jvm"));
            for (String copy : image.stages().stream().flatMap(s -> s.all("COPY").stream()).toList()) {
                assertTrue(copy.contains("--from=") || copy.contains("target/quarkus-app/"),
                        image.path() + ": copies something besides the packaged application: " + copy);
            }
            String ignore = Repo.read(Path.of(image.path() + ".dockerignore"));
            assertTrue(ignore.contains("*") && ignore.contains("!target/quarkus-app/"),
                    image.path() + ".dockerignore: only target/quarkus-app/ goes into the build context");
            Path libs = Repo.ROOT.resolve(service.moduleName()).resolve("target/quarkus-app/lib/main");
            assertTrue(Files.isDirectory(libs), service.moduleName() + " is packaged before these tests run");
            try (Stream<Path> jars = Files.list(libs)) {
                List<String> ours = jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("io.ferperturb.")).toList();
                for (String forbidden : List.of("synthetic-faces", "test-support", "bench", "cli")) {
                    assertTrue(ours.stream().noneMatch(n -> n.startsWith("io.ferperturb." + forbidden + "-")),
                            service.moduleName() + " ships " + forbidden + ", which it never runs: " + ours);
                }
            }
        }
    }

    private static void assertImage(ServiceConfig service, Dockerfile image, String base) {
        String where = Repo.ROOT.relativize(image.path()) + ": ";
        Dockerfile.Stage run = image.last();
        assertTrue(image.resolve(run.from()).startsWith(base), where + "final base " + image.resolve(run.from()) + ", expected " + base);

        String user = user(image);
        assertTrue(user.matches("\\d+") && Integer.parseInt(user) > 0, where + "USER must be a numeric non-root uid: " + user);

        List<String> healthchecks = run.all("HEALTHCHECK");
        assertEquals(1, healthchecks.size(), where + "one HEALTHCHECK");
        assertTrue(healthchecks.get(0).contains("/q/health/live"), where + "HEALTHCHECK hits /q/health/live");
        assertTrue(healthchecks.get(0).contains("${QUARKUS_HTTP_PORT:-" + service.port() + "}"),
                where + "HEALTHCHECK on quarkus.http.port " + service.port() + ": " + healthchecks.get(0));
        assertEquals(List.of(String.valueOf(service.port())), run.all("EXPOSE"), where + "EXPOSE");

        Map<String, String> env = run.env();
        assertTrue(env.getOrDefault("JAVA_OPTS", "").contains("-Dai.djl.offline=true"), where + "JAVA_OPTS with -Dai.djl.offline=true");
        assertNotNull(env.get("DJL_CACHE_DIR"), where + "DJL_CACHE_DIR");
        String engines = env.get("ENGINE_CACHE_DIR");
        assertNotNull(engines, where + "ENGINE_CACHE_DIR (libtorch extracted at build time)");
        assertTrue(String.join("\n", run.all("RUN")).contains("chown 185:185 " + env.get("DJL_CACHE_DIR"))
                || !user.equals("185"), where + "DJL_CACHE_DIR writable by the user");

        Dockerfile.Stage natives = image.stages().stream().filter(s -> "natives".equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError(where + "no 'natives' build stage"));
        assertEquals(engines, natives.env().get("ENGINE_CACHE_DIR"), where + "the build stage extracts where the image looks");
        assertTrue(extractorStep(image).contains("io.ferperturb.models.NativeLibraryExtractor"), where + "runs NativeLibraryExtractor at build time");
        assertTrue(extractorStep(image).contains("-Dai.djl.offline=true"), where + "warm-up offline");
        String copies = String.join("\n", run.all("COPY"));
        assertTrue(copies.contains("--from=natives " + engines), where + "copies the extracted libtorch: " + copies);
        assertTrue(copies.contains("--from=natives /deployments/lib/"), where + "copies the slimmed libraries");
        for (String part : List.of("target/quarkus-app/*.jar", "target/quarkus-app/app/", "target/quarkus-app/quarkus/")) {
            assertTrue(copies.contains(part), where + "fast-jar layout: " + part);
        }
        assertTrue(String.join(" ", run.all("ENTRYPOINT")).contains("quarkus-run.jar"), where + "runs quarkus-run.jar");
        String header = Repo.read(image.path());
        assertTrue(header.contains("docker build -f " + service.moduleName() + "/src/main/docker/" + image.path().getFileName()),
                where + "the header tells the build command");
        try {
            Class.forName("io.ferperturb.models.NativeLibraryExtractor");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the Dockerfiles run io.ferperturb.models.NativeLibraryExtractor, which does not exist", e);
        }
    }

    private static String user(Dockerfile image) {
        List<String> users = image.last().all("USER");
        assertFalse(users.isEmpty(), image.path() + ": no USER");
        return users.get(users.size() - 1).split(":")[0];
    }

    private static String extractorStep(Dockerfile image) {
        return image.stages().stream().filter(s -> "natives".equals(s.name())).flatMap(s -> s.all("RUN").stream())
                .filter(r -> r.contains("NativeLibraryExtractor")).findFirst().orElseThrow(() -> new AssertionError(image.path() + ": no NativeLibraryExtractor step"));
    }
}
