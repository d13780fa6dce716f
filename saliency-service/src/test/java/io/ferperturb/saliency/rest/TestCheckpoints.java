package io.ferperturb.saliency.rest;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.ShardWriter;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.ModelCard;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the trainer and the perturb-service would have left in S3 and Kafka, made directly. */
final class TestCheckpoints {
    private TestCheckpoints() {
    }

    /** Stores a freshly initialised model as final checkpoint v{version}; returns its prefix. */
    static S3Uri store(String modelId, String architecture, int version) throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        S3Uri prefix = S3Uri.of("models", modelId + "/v" + version + "/");
        ModelCard card = card(modelId, architecture, version);
        Djl.engine();
        try (Model model = Model.newInstance(modelId, Device.cpu(), "PyTorch")) {
            model.setBlock(Architectures.get(architecture).newBlock(Emotion.COUNT));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 48, 48));
            new CheckpointStore(store).save(prefix, model, card);
        }
        return prefix;
    }

    /** Stores the checkpoint and announces it on checkpoint-ready, as the trainer does. */
    static void publish(String modelId, String architecture, int version) throws Exception {
        S3Uri prefix = store(modelId, architecture, version);
        CheckpointReady event = card(modelId, architecture, version).checkpointReady("evt-" + modelId + "-" + version,
                prefix.toString(), "djl");
        KafkaTestClient.send(Topics.CHECKPOINT_READY, modelId, Json.write(event));
    }

    /** The card of a model trained by job j of event e on dataset d. */
    private static ModelCard card(String modelId, String architecture, int version) {
        return new ModelCard(modelId, version, architecture, Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "model", 1, true, new Lineage("d", "original", null, "j", "e", null), null,
                List.of(), Map.of(), "cpu", Instant.now());
    }

    /** A synthetic emotion-shards dataset (its PrivateTest split has 10 % of {@code perClass} per emotion). */
    static void dataset(String datasetId, int perClass) {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        S3Uri prefix = S3Uri.of("datasets", datasetId + "/");
        try (ShardWriter writer = new ShardWriter((name, content) -> store.put(prefix.resolve(name), content,
                "application/octet-stream"))) {
            new SyntheticFaceGenerator(5).dataset(perClass, Imbalance.NONE).forEach(writer::write);
            writer.finish(datasetId);
        }
    }
}
