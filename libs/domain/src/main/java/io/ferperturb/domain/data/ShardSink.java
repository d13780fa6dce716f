package io.ferperturb.domain.data;

import java.io.IOException;

/**
 * Where {@link ShardWriter} puts finished objects (shards, then {@code manifest.json}): a local folder,
 * or an S3 prefix. Names are relative, '/'-separated ({@code shards/Training-00000.bin}).
 */
@FunctionalInterface
public interface ShardSink {
    /** Stores {@code content} under {@code name}, replacing any previous object. The sink may keep the array. */
    void put(String name, byte[] content) throws IOException;
}
