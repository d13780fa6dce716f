package io.ferperturb.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy with a weight per class, as PyTorch's {@code CrossEntropyLoss(weight=w)} computes it
 * (mean reduction): {@code −Σ_i w[y_i] · log softmax(x_i)[y_i] / Σ_i w[y_i]} over the batch, so the loss is a
 * weighted mean and stays on the scale of the plain one. DJL's {@code SoftmaxCrossEntropyLoss} takes no class
 * weights, hence this one, on NDArrays so that it differentiates like any other loss.
 */
final class WeightedSoftmaxCrossEntropy extends Loss {
    private final float[] weights;

    /** @param weights the weight of each class, indexed by class */
    WeightedSoftmaxCrossEntropy(float[] weights) {
        super("WeightedSoftmaxCrossEntropy");
        this.weights = weights.clone();
    }

    /** @param labels class indices, one per row of the logits; @param predictions the logits, batch × classes */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray oneHot = labels.singletonOrThrow().toType(DataType.INT64, false).oneHot(weights.length)
                .toType(logits.getDataType(), false);
        NDArray perImageWeight = oneHot.mul(logits.getManager().create(weights).toDevice(logits.getDevice(), false))
                .sum(new int[] {1});
        NDArray negativeLogLikelihood = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        return negativeLogLikelihood.mul(perImageWeight).sum().div(perImageWeight.sum());
    }
}
