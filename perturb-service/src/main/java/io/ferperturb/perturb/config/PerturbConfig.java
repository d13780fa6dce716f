package io.ferperturb.perturb.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the perturb-service ({@code fer.perturb.*}); storage is {@code fer.storage.*}. */
@ConfigMapping(prefix = "fer.perturb")
public interface PerturbConfig {
    /** Faces per shard file (≈2.3 KB each). */
    @WithDefault("4096")
    int recordsPerShard();

    /** Folder for staging an upload's shards before they go to S3 (nothing is stored on bad input). */
    @WithDefault("${java.io.tmpdir}")
    String stagingDir();

    /** Where attention maps are computed: {@code auto} (CUDA when DJL sees a GPU), {@code cpu}, {@code gpu:N}. */
    @WithDefault("auto")
    String device();
}
