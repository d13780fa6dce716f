package io.ferperturb.models.saliency;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.ferperturb.models.Djl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where Grad-CAM looks: the block's layers, with nested {@link SequentialBlock}s opened up, are run one by
 * one and the last layer whose output still has a spatial map larger than 1×1 (before the first layer that
 * flattens or pools globally) is the last convolutional stage. For every architecture in
 * {@code Architectures} this is the stage that pytorch-grad-cam's usual choice names: the last pooled
 * conv block of {@code cnn}/{@code attention-cnn} (6×6 for 48×48 input), the activation before the last
 * pool of vgg16 and vgg16-gap (3×3), the last residual unit of resnet18, resnet50 and dual-path block of dpn26
 * (6×6), densenet121's final BN–ReLU (6×6) and resmasking's last masked stage (2×2). Found once per block and remembered.
 */
final class ConvStages {
    private static final Map<Block, Integer> CUTS = Collections.synchronizedMap(new WeakHashMap<>());

    private ConvStages() {
    }

    /** The block's layers split after the last convolutional stage. */
    record Split(List<Block> layers, int cut) {
        /** Runs layers [0, cut]: the stage's activations. */
        NDArray features(ParameterStore params, NDArray input) {
            return run(params, input, 0, cut + 1);
        }

        /** Runs the remaining layers on the activations: the logits. */
        NDArray head(ParameterStore params, NDArray activations) {
            return run(params, activations, cut + 1, layers.size());
        }

        private NDArray run(ParameterStore params, NDArray x, int from, int to) {
            NDList current = new NDList(x);
            for (int i = from; i < to; i++) {
                current = layers.get(i).forward(params, current, false);
            }
            return current.singletonOrThrow();
        }
    }

    static Split of(Model model, int side) {
        List<Block> layers = new ArrayList<>();
        open(model.getBlock(), layers);
        Integer cut = CUTS.computeIfAbsent(model.getBlock(), b -> findCut(model, layers, side));
        return new Split(layers, cut);
    }

    private static void open(Block block, List<Block> layers) {
        if (block instanceof SequentialBlock sequential) {
            for (Block child : sequential.getChildren().values()) {
                open(child, layers);
            }
        } else {
            layers.add(block);
        }
    }

    private static int findCut(Model model, List<Block> layers, int side) {
        Djl.noGradientsOnThisThread();
        try (NDManager sub = model.getNDManager().newSubManager()) {
            ParameterStore params = new ParameterStore(sub, false);
            NDList current = new NDList(sub.zeros(new Shape(1, 1, side, side)));
            int cut = -1;
            for (int i = 0; i < layers.size(); i++) {
                current = layers.get(i).forward(params, current, false);
                Shape s = current.singletonOrThrow().getShape();
                if (s.dimension() != 4 || s.get(2) * s.get(3) <= 1) {
                    break;
                }
                cut = i;
            }
            if (cut < 0 || cut == layers.size() - 1) {
                throw new IllegalArgumentException("model " + model.getName() + " has no convolutional stage for Grad-CAM");
            }
            return cut;
        }
    }
}
