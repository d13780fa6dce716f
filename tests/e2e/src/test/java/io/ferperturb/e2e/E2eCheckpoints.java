package io.ferperturb.e2e;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.ModelCard;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Final checkpoints as the trainer writes them, for tests of what serves them: untrained cnn parameters and a card. */
final class E2eCheckpoints {
    private E2eCheckpoints() {
    }

    /** Stores {@code bucket/modelId/v{version}/} (creating the bucket), trained on {@code datasetId}'s variant. */
    static ModelCard storeUntrained(String bucket, String modelId, int version, String datasetId, String variant) {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        store.ensureBucket(bucket);
        ModelCard card = new ModelCard(modelId, version, "cnn", Emotion.labels(), List.of(1, 48, 48), Normalisation.FER2013,
                "model", 1, true, new Lineage(datasetId, variant, null, "job-" + modelId, "e2e", null), null,
                List.of(), Map.of(), "cpu", Instant.now());
        Djl.engine();
        try (Model model = Model.newInstance(modelId, Device.cpu(), "PyTorch")) {
            model.setBlock(Architectures.get("cnn").newBlock(Emotion.COUNT));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 48, 48));
            new CheckpointStore(store).save(S3Uri.of(bucket, modelId + "/v" + version + "/"), model, card);
        }
        return card;
    }
}
