package io.ferperturb.perturb;

import java.time.Instant;
import java.util.Map;

/** What the HTTP API tells about a stored dataset. */
public record DatasetDescriptor(
        String datasetId,
        String uri,
        String format,
        String variant,
        String parentDatasetId,
        long images,
        Map<String, Long> counts,
        Map<String, Map<String, Long>> countsByClass,
        String sha256,
        Instant createdAt,
        String eventId) {
}
