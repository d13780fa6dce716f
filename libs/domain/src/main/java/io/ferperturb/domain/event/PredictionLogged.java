package io.ferperturb.domain.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One face a serving replica answered, as its opt-in prediction log records it (topic {@code predictions}, key
 * {@code requestId}): what was asked, which model answered, and what it said. For drift monitoring and audits; it
 * never carries the image (at most the address of a stored copy).
 *
 * @param requestId      the request's {@code X-Request-Id} (the client's, or the one the server made and answered with)
 * @param endpoint       {@code predict} or {@code v2-infer} (the request metrics' names)
 * @param modelRequested the reference as asked: {@code production}, {@code latest}, {@code id:3}, {@code ensemble:a,b}
 * @param modelId        the model that answered, or the ensemble's canonical name
 * @param version        the answering model's version; 0 for an ensemble
 * @param members        {@code id:version} of an ensemble's members; null for a single model
 * @param image          index of the face's image in the request
 * @param face           index of the face among the request's answered faces; -1 when its image had none
 * @param box            {@code [x, y, w, h]} in its image; null for tensors and when no face was found
 * @param emotion        the most probable class; null when no face was found
 * @param probabilities  class name to probability, as the answer gave them; null when no face was found
 * @param latencyMs      the request's latency, as answered
 * @param tta            whether test-time augmentation was asked for
 * @param imageUri       the stored copy of the image ({@code fer.inference.prediction-log.store-images}); else null
 * @param replica        the answering replica (host name: the pod's name on Kubernetes)
 * @param loggedAt       when the answer was logged
 */
public record PredictionLogged(
        String eventId,
        String requestId,
        String endpoint,
        String modelRequested,
        String modelId,
        int version,
        List<String> members,
        int image,
        int face,
        int[] box,
        String emotion,
        Map<String, Double> probabilities,
        double latencyMs,
        boolean tta,
        String imageUri,
        String replica,
        Instant loggedAt) {
}
