package io.ferperturb.domain.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Stores a dataset's objects as files under a local folder (tests, local runs, a cache). Each file is
 * written to a temporary name and moved into place, so a reader never sees half a shard.
 */
public final class DirectoryShardSink implements ShardSink {
    private final Path root;

    public DirectoryShardSink(Path root) {
        this.root = root;
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        Path target = DirectoryShardSource.resolve(root, name);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
