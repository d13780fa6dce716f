package io.ferperturb.domain.data;

import java.io.IOException;
import java.io.InputStream;

/** Where {@link ShardReader} reads a dataset's objects from: a local folder, or an S3 prefix. */
@FunctionalInterface
public interface ShardSource {
    /**
     * Opens the object {@code name} (relative, '/'-separated) for reading; the caller closes it.
     *
     * @throws java.nio.file.NoSuchFileException if there is no such object (reported as a missing shard)
     */
    InputStream open(String name) throws IOException;
}
