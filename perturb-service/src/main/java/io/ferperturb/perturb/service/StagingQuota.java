package io.ferperturb.perturb.service;

import io.ferperturb.domain.data.ShardSink;
import java.io.IOException;

/**
 * A {@link ShardSink} that stops an upload once its shards would take more than {@code maxBytes} of the local
 * staging folder, so concurrent or oversized uploads cannot fill the node's disk before S3 sees anything.
 */
final class StagingQuota implements ShardSink {
    private final ShardSink staging;
    private final long maxBytes;
    private final String key;
    private long written;

    /** @param key the setting that sets {@code maxBytes}, named when an upload is refused */
    StagingQuota(ShardSink staging, long maxBytes, String key) {
        this.staging = staging;
        this.maxBytes = maxBytes;
        this.key = key;
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        written += content.length;
        if (written > maxBytes) {
            throw new UploadTooLargeException("the upload's shards take more than " + maxBytes + " bytes of local "
                    + "staging; at most that is accepted (setting " + key + ")");
        }
        staging.put(name, content);
    }
}
