package io.ferperturb.perturb.experiment;

import io.ferperturb.storage.S3Uri;

/** Where an experiment's attention comes from: a model and its final checkpoint. */
public record AttentionSource(String modelId, S3Uri checkpoint) {
}
