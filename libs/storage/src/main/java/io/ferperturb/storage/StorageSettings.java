package io.ferperturb.storage;

import io.smallrye.config.WithDefault;

/**
 * Where the object store is and which buckets hold what. Each service nests this group in its own
 * {@code @ConfigMapping(prefix = "fer")}, so the keys are {@code fer.storage.*} everywhere
 * (env: {@code FER_STORAGE_ENDPOINT}, {@code FER_STORAGE_ACCESS_KEY}, …).
 */
public interface StorageSettings {
    /** S3 endpoint, e.g. http://127.0.0.1:9000 (MinIO or S3Proxy locally). */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    /** Access key; comes from a Secret in Kubernetes, never from values in clear text. */
    String accessKey();

    /** Secret key; comes from a Secret in Kubernetes. */
    String secretKey();

    /** Signing region; MinIO ignores it but the client needs one. */
    @WithDefault("us-east-1")
    String region();

    /** Bucket of datasets: {@code {datasetId}/manifest.json} and shards. */
    @WithDefault("datasets")
    String datasetsBucket();

    /** Bucket of checkpoints: {@code {modelId}/v{n}/}. */
    @WithDefault("models")
    String modelsBucket();

    /** Bucket of experiment state and reports. */
    @WithDefault("experiments")
    String experimentsBucket();
}
