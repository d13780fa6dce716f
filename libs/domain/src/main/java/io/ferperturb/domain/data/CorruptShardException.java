package io.ferperturb.domain.data;

/**
 * A shard does not match its manifest (digest, size, header or content): it was damaged, truncated,
 * replaced or never fully uploaded. Names the shard so an operator can re-create or re-upload it.
 */
public class CorruptShardException extends DatasetFormatException {
    private final String shardName;

    public CorruptShardException(String shardName, String reason) {
        super("corrupt emotion-shards dataset", DatasetProblem.inFile(shardName, reason));
        this.shardName = shardName;
    }

    public String shardName() {
        return shardName;
    }
}
