package io.ferperturb.models;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;

/**
 * What a model becomes once it only serves (inference and saliency, never training again): batch norms
 * folded into their convolutions ({@link BatchNormFolding}) and every weight frozen. Frozen weights keep
 * libtorch's backward to the input alone, and spare each saliency pass from freezing and restoring the
 * weights itself (a measurable share of a cnn map: tools/bench/RESULTS.md).
 */
public final class ServingForm {
    private ServingForm() {
    }

    /** @param inputShape one image, (channels, side, side) */
    public static void prepare(Model model, Shape inputShape) {
        BatchNormFolding.foldForServing(model, inputShape);
        ParameterList weights;
        try {
            weights = model.getBlock().getParameters();
        } catch (UnsupportedOperationException e) {
            return; // an engine that keeps its weights to itself (OnnxRuntime) has nothing to freeze
        }
        weights.values().forEach(p -> p.freeze(true));
    }
}
