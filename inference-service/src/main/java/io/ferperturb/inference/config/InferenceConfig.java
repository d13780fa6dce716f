package io.ferperturb.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the inference-service ({@code fer.*}; env {@code FER_…}). */
@ConfigMapping(prefix = "fer")
public interface InferenceConfig {
    /** How models are served. */
    Serving inference();

    interface Serving {
        /** {@code auto} (CUDA when DJL sees a GPU), {@code cpu}, {@code gpu} or {@code gpu:N}. */
        @WithDefault("auto")
        String device();

        /** Largest image accepted, in pixels (width × height, read from the header before decoding). */
        @WithDefault("40000000")
        long maxImagePixels();

        /** Load the newest final checkpoint from S3 at start-up (no event replay needed). */
        @WithDefault("true")
        boolean loadOnStart();
    }
}
