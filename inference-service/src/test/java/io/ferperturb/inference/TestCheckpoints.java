package io.ferperturb.inference;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.CheckpointStore;
import io.ferperturb.models.Djl;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.ModelCard;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Checkpoints as the trainer writes them: freshly initialised cnn parameters, a card, then the event. */
public final class TestCheckpoints {
    /** Where {@link #clusterMap()} is stored for perturbed test models. */
    public static final String CLUSTER_MAP_URI = "s3://datasets/test-perturbed/clusters.json";

    private TestCheckpoints() {
    }

    /** Stores a checkpoint; {@code balancedAccuracy} < 0 means no metrics; {@code perturbed} links the cluster map. */
    public static ModelCard store(String modelId, int version, double balancedAccuracy, boolean perturbed) throws Exception {
        return store(modelId, version, balancedAccuracy, perturbed, FaceImage.SIDE);
    }

    /** As {@link #store(String, int, double, boolean)}, for a model taking {@code side}×{@code side} input (crops). */
    public static ModelCard store(String modelId, int version, double balancedAccuracy, boolean perturbed, int side)
            throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        if (perturbed) {
            store.put(S3Uri.parse(CLUSTER_MAP_URI), clusterMap().toJson(), "application/json");
        }
        EvaluationResult metrics = balancedAccuracy < 0 ? null : new EvaluationResult(null, null, "PrivateTest",
                balancedAccuracy, balancedAccuracy, balancedAccuracy, Map.of(), new int[0][0], null);
        ModelCard card = new ModelCard(modelId, version, "cnn", Emotion.labels(), List.of(1, side, side), Normalisation.FER2013,
                "model", 1, true, new Lineage(perturbed ? "test-perturbed" : "d", perturbed ? "perturbed" : "original",
                        perturbed ? "d" : null, "j", "e", perturbed ? CLUSTER_MAP_URI : null),
                metrics, List.of(), Map.of(), "cpu", Instant.now());
        Djl.engine();
        try (Model model = Model.newInstance(modelId, Device.cpu(), "PyTorch")) {
            model.setBlock(Architectures.get("cnn").newBlock(7));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, side, side));
            new CheckpointStore(store).save(prefix(modelId, version), model, card);
        }
        return card;
    }

    /**
     * Stores a user's own TorchScript classifier (test resource {@code byo/model.pt}, traced from a tiny
     * network by PyTorch 1.13) with the {@code model.json} that tells the server what it is.
     */
    public static void storeTorchScript(String modelId) throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        byte[] pt;
        try (var in = TestCheckpoints.class.getResourceAsStream("/byo/model.pt")) {
            pt = in.readAllBytes();
        }
        S3Uri prefix = prefix(modelId, 1);
        store.put(prefix.resolve("model.pt"), pt, "application/octet-stream");
        ModelCard card = new ModelCard(modelId, 1, "torchscript", Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "model", 0, true, new Lineage("elsewhere", "original", null, null, null, null),
                null, List.of(), Map.of(), "cpu", Instant.now());
        store.put(prefix.resolve(ModelCard.FILE), Json.writeBytes(card), "application/json");
    }

    /**
     * Stores a user's own ONNX classifier (test resource {@code byo/model.onnx}, exported by
     * {@code byo/export_onnx.py}) with a card whose {@code architecture} is {@code onnx}.
     */
    public static ModelCard storeOnnx(String modelId) throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        byte[] onnx;
        try (var in = TestCheckpoints.class.getResourceAsStream("/byo/model.onnx")) {
            onnx = in.readAllBytes();
        }
        S3Uri prefix = prefix(modelId, 1);
        store.put(prefix.resolve("classifier.onnx"), onnx, "application/octet-stream");
        ModelCard card = new ModelCard(modelId, 1, "onnx", Emotion.labels(), List.of(1, 48, 48),
                Normalisation.FER2013, "classifier", 0, true, new Lineage("elsewhere", "original", null, null, null, null),
                null, List.of(), Map.of(), "cpu", Instant.now());
        store.put(prefix.resolve(ModelCard.FILE), Json.writeBytes(card), "application/json");
        return card;
    }

    /** Stores a checkpoint and announces it on {@code checkpoint-ready}, as the trainer does. */
    public static void publish(String modelId, int version, double balancedAccuracy, boolean perturbed) throws Exception {
        announce(store(modelId, version, balancedAccuracy, perturbed));
    }

    /** Announces a stored checkpoint on {@code checkpoint-ready}. */
    public static void announce(ModelCard card) {
        String modelId = card.modelId();
        int version = card.version();
        CheckpointReady event = card.checkpointReady("evt-" + modelId + "-" + version + "-" + card.createdAt().toEpochMilli(),
                prefix(modelId, version).toString(), "djl");
        KafkaTestClient.send(Topics.CHECKPOINT_READY, modelId, Json.write(event));
    }

    /** The stored checkpoint loaded in this JVM, to compute expected logits. */
    public static LoadedModel load(String modelId, int version) {
        return new CheckpointStore(new ObjectStore(TestServers.s3().settings())).load(prefix(modelId, version), Device.cpu());
    }

    /** Three horizontal bands: the eyes, the nose, the mouth (enough to tell masked copies apart). */
    public static ClusterMap clusterMap() {
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = Math.min(2, (p / FaceImage.SIDE) / 16);
        }
        return ClusterMap.of(3, labels);
    }

    private static S3Uri prefix(String modelId, int version) {
        return S3Uri.of("models", modelId + "/v" + version + "/");
    }
}
