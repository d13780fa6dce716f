package io.ferperturb.models.saliency;

import ai.djl.Model;

/** One way of turning a classifier and images into per-pixel relevance. */
public interface SaliencyMethod {
    /** The name used in requests and responses, e.g. {@code gradient}. */
    String name();

    /**
     * Relevance maps, one row of side × side non-negative values per image (larger = more relevant).
     *
     * @param batch n normalised images NCHW (C = 1), concatenated
     * @param targets resolved class indices, one per image (see {@link Targets#resolve})
     */
    float[][] maps(Model model, float[] batch, int side, int[] targets);
}
