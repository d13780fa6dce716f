package io.ferperturb.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code fer.serving.*} (env {@code FER_SERVING_…}): how models are loaded, the same keys in every serving service. */
@ConfigMapping(prefix = "fer.serving")
public interface ServingConfig {
    /** {@code auto} (CUDA when DJL sees a GPU), {@code cpu}, {@code gpu} or {@code gpu:N}. */
    @WithDefault("auto")
    String device();

    /** Largest image accepted, in pixels (width × height, read from the header before decoding); 413 above. */
    @WithDefault("25000000")
    long maxImagePixels();

    /**
     * Images of at least this many pixels (from the header) are large: decoding one allocates its whole raster
     * (about 4 bytes a pixel) whatever the file's size, so only {@link #concurrentLargeDecodes()} run at once.
     */
    @WithDefault("4000000")
    long largeImagePixels();

    /** Large images decoded (and held until reduced to faces) at once; another is refused with 503 and Retry-After. */
    @WithDefault("2")
    int concurrentLargeDecodes();

    /**
     * Most models one request may name: an ensemble's members, the models compared side by side or averaged per
     * class; 413 above (each named model is held in memory for the request).
     */
    @WithDefault("8")
    int maxModelsPerRequest();

    /**
     * Models kept in memory besides the default one (named by requests: an id, a version, {@code best}, an
     * ensemble's members); beyond it the least recently used is unloaded.
     */
    @WithDefault("4")
    int maxNamedModels();

    /**
     * What a request that names no model gets: {@code latest} (the newest final checkpoint, swapped in as each one is
     * announced) or {@code production}/{@code staging} (the version an admin points the alias at; a new checkpoint
     * changes nothing until the alias is moved).
     */
    @WithDefault("latest")
    String defaultModel();

    /** Load the default model from S3 at start-up (no event replay needed). */
    @WithDefault("true")
    boolean loadOnStart();
}
