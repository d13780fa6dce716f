package io.ferperturb.domain.event;

/** How a {@code perturbed} dataset was made (the cluster-mask scheme of the method notes). */
public record Perturbation(
        String method,
        Integer clusters,
        String attention,
        Double alpha,
        Double beta,
        Double threshold,
        String fill,
        String clusterMapUri,
        String attentionModelId,
        Boolean keepOriginal) {
}
