package io.ferperturb.models;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import java.nio.charset.StandardCharsets;

/**
 * Per-image {@link Predictions} kept with a checkpoint, one JSON file per evaluation under the checkpoint's
 * prefix: {@code predictions/{datasetId}.json} for the final model on a dataset's PrivateTest split (its own, or
 * one named in {@code evaluateOn}) and {@code predictions/{datasetId}.tta.json} for test-time augmentation on it.
 * A dataset id has no dot, so the two never meet. An evaluation's {@code predictionsUri} names its file.
 */
public final class StoredPredictions {
    /** The folder under a checkpoint's prefix that holds its predictions. */
    public static final String FOLDER = "predictions/";

    private final ObjectStore store;

    public StoredPredictions(ObjectStore store) {
        this.store = store;
    }

    /** Where the predictions of one evaluation of the checkpoint at {@code checkpointPrefix} lie. */
    public static S3Uri location(S3Uri checkpointPrefix, String datasetId, boolean tta) {
        return checkpointPrefix.asPrefix().resolve(FOLDER + datasetId + (tta ? ".tta.json" : ".json"));
    }

    /** Stores the predictions (compact JSON) and returns their address. */
    public S3Uri save(S3Uri checkpointPrefix, String datasetId, boolean tta, Predictions predictions) {
        S3Uri uri = location(checkpointPrefix, datasetId, tta);
        store.put(uri, Json.write(predictions).getBytes(StandardCharsets.UTF_8), "application/json");
        return uri;
    }

    /** The predictions at an evaluation's {@code predictionsUri}. */
    public Predictions read(String predictionsUri) {
        return Json.read(store.get(S3Uri.parse(predictionsUri)), Predictions.class);
    }
}
