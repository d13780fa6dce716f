package io.ferperturb.models;

/** Where a checkpoint came from: the data it saw and the job and event that made it. */
public record Lineage(String datasetId, String datasetVariant, String parentDatasetId, String jobId,
        String sourceEventId, String clusterMapUri) {
}
