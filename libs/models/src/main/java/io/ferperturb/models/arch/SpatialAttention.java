package io.ferperturb.models.arch;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.ferperturb.models.Djl;
import java.util.Optional;

/** Reads the pixel attention of a trained model that has a {@link SpatialAttentionGate} (e.g. {@code attention-cnn}). */
public final class SpatialAttention {
    private SpatialAttention() {
    }

    /**
     * Runs only the model's gate, in inference mode (batch norm on its running statistics), over
     * {@code input} [N,1,H,W] (normalised as for the classifier, on the model's device) and returns the
     * map [N,1,H,W] with values in [0, 1], attached to the input's manager; intermediate arrays are freed.
     * Like {@code EmotionClassifier.forward}, it switches autograd off on the calling thread.
     *
     * @throws IllegalArgumentException if the model's block has no gate
     */
    public static NDArray attentionMap(Model model, NDArray input) {
        SpatialAttentionGate gate = findGate(model.getBlock())
                .orElseThrow(() -> new IllegalArgumentException("model " + model.getName()
                        + " has no spatial attention gate; train an attention-cnn"));
        Djl.noGradientsOnThisThread();
        NDManager owner = input.getManager();
        try (NDManager sub = owner.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(sub);
            NDArray map = gate.attention(new ParameterStore(sub, false), x, false);
            map.attach(owner);
            return map;
        }
    }

    /** The first gate in the block tree, depth first. */
    public static Optional<SpatialAttentionGate> findGate(Block block) {
        if (block instanceof SpatialAttentionGate gate) {
            return Optional.of(gate);
        }
        for (Block child : block.getChildren().values()) {
            Optional<SpatialAttentionGate> found = findGate(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
