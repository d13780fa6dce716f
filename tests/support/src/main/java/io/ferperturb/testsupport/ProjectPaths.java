package io.ferperturb.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root from a module's working directory (tests run in the module folder). */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("run.sh")) && Files.isDirectory(dir.resolve("tools/infra"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the project: no run.sh above " + Path.of("").toAbsolutePath());
    }
}
