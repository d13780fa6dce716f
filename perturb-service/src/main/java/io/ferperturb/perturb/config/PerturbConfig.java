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

    /** Where the web console's browser finds the other services. */
    Console console();

    /** The other services' base URLs as a browser sees them ({@code fer.perturb.console.*}). */
    interface Console {
        /** inference-service: {@code POST /predict} for the photo drop zone. */
        @WithDefault("http://localhost:8083")
        String inferenceUrl();

        /** saliency-service: {@code POST /saliency} for the heat maps of each face. */
        @WithDefault("http://localhost:8084")
        String saliencyUrl();

        /** trainer-service: {@code GET /jobs/{id}/events} for live training progress. */
        @WithDefault("http://localhost:8082")
        String trainerUrl();
    }
}
