package io.ferperturb.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code fer.serving.*} (env {@code FER_SERVING_…}): how models are loaded, the same keys in every serving service. */
@ConfigMapping(prefix = "fer.serving")
public interface ServingConfig {
    /** {@code auto} (CUDA when DJL sees a GPU), {@code cpu}, {@code gpu} or {@code gpu:N}. */
    @WithDefault("auto")
    String device();

    /** Largest image accepted, in pixels (width × height, read from the header before decoding). */
    @WithDefault("40000000")
    long maxImagePixels();

    /**
     * Models kept in memory besides the default one (named by requests: an id, a version, {@code best}, an
     * ensemble's members); beyond it the least recently used is unloaded.
     */
    @WithDefault("4")
    int maxNamedModels();

    /** Load the newest final checkpoint from S3 at start-up (no event replay needed). */
    @WithDefault("true")
    boolean loadOnStart();
}
