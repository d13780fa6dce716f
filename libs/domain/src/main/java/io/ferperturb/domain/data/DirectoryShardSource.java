package io.ferperturb.domain.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a dataset's objects from files under a local folder; names cannot reach outside it. */
public final class DirectoryShardSource implements ShardSource {
    private final Path root;

    public DirectoryShardSource(Path root) {
        this.root = root;
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(resolve(root, name));
    }

    /** {@code root/name}, refusing names that are absolute or climb out of {@code root}. */
    static Path resolve(Path root, String name) {
        String unsafe = SafeNames.problemWith(name);
        Path base = root.toAbsolutePath().normalize();
        Path target = unsafe == null ? base.resolve(name).normalize() : null;
        if (target == null || !target.startsWith(base) || target.equals(base)) {
            throw new IllegalArgumentException(unsafe != null ? unsafe : "name '" + name + "' is outside " + root);
        }
        return target;
    }
}
