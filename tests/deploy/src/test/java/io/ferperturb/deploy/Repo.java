package io.ferperturb.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository these tests check: found from the module's working directory upwards. */
final class Repo {
    static final Path ROOT = findRoot();
    static final Path CHART = ROOT.resolve("helm/fer-perturb");
    static final Path K8S = ROOT.resolve("k8s");
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path HTTP_CONTRACT = ROOT.resolve("docs/contracts/http.md");
    static final Path EVENT_CONTRACT = ROOT.resolve("docs/contracts/events.md");

    private Repo() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("helm/fer-perturb/Chart.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (with helm/fer-perturb) above " + Path.of("").toAbsolutePath());
    }
}
