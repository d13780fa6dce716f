package io.ferperturb.trainer.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGD with Nesterov momentum and weight decay, with PyTorch's update rule (DJL's {@code Nag} is not
 * implemented by the PyTorch engine):
 * <pre>
 *   g = grad + wd·w
 *   b = μ·b + g          (b = g on the first step)
 *   w = w − lr·(g + μ·b)
 * </pre>
 * and, like DJL's optimisers on PyTorch, it clears the gradient after the update.
 */
public final class NesterovSgd extends Optimizer {
    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();

    private NesterovSgd(Builder builder) {
        super(builder);
        this.learningRate = builder.learningRate;
        this.momentum = builder.momentum;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float wd = getWeightDecay();
        NDArray step = weight.mul(wd);
        step.addi(grad);
        if (rescaleGrad != 1f) {
            throw new IllegalStateException("rescaleGrad is not supported; the loss already averages the batch");
        }
        boolean first = !buffers.containsKey(parameterId)
                || !buffers.get(parameterId).containsKey(weight.getDevice());
        NDArray buffer = withDefaultState(buffers, parameterId, weight.getDevice(), k -> weight.zerosLike());
        if (first) {
            buffer.addi(step);
        } else {
            buffer.muli(momentum).addi(step);
        }
        NDArray lookAhead = buffer.mul(momentum);
        step.addi(lookAhead).muli(lr);
        weight.subi(step);
        lookAhead.close();
        step.close();
        // PyTorch accumulates gradients; DJL's own optimisers clear them after the update, and so must we
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            grad.subi(grad);
        }
    }

    /** The momentum buffers in the given parameter order (zeros where a parameter has none yet). */
    public NDList exportState(List<String> parameterIds, List<NDArray> parameters) {
        NDList state = new NDList();
        for (int i = 0; i < parameterIds.size(); i++) {
            Map<Device, NDArray> perDevice = buffers.get(parameterIds.get(i));
            NDArray weight = parameters.get(i);
            state.add(perDevice == null || !perDevice.containsKey(weight.getDevice()) ? weight.zerosLike()
                    : perDevice.get(weight.getDevice()));
        }
        return state;
    }

    /** Sets the momentum buffers from {@link #exportState}'s output (same parameter order). */
    public void importState(List<String> parameterIds, List<NDArray> parameters, NDList state) {
        for (int i = 0; i < parameterIds.size(); i++) {
            NDArray weight = parameters.get(i);
            NDArray buffer = withDefaultState(buffers, parameterIds.get(i), weight.getDevice(), k -> weight.zerosLike());
            state.get(i).copyTo(buffer);
        }
    }

    /** Builder in DJL's style; learning rate may be a tracker (for reduce-on-plateau). */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRate = Tracker.fixed(0.01f);
        private float momentum = 0.9f;

        public Builder setLearningRateTracker(ParameterTracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public NesterovSgd build() {
            return new NesterovSgd(this);
        }
    }
}
