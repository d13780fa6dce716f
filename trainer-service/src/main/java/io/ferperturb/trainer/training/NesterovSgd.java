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
 *
 * <p>Every step runs in place on arrays kept per parameter (momentum buffer, a workspace of the same
 * shape) and on 0-d tensors for the constants: DJL's scalar operations build a tensor for the scalar each
 * time, and an operation that allocates its result is costly on a large layer; written that way the update
 * took several times PyTorch's (figures: tools/bench/RESULTS.md).
 */
public final class NesterovSgd extends Optimizer {
    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, Map<Device, NDArray>> buffers = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> workspaces = new ConcurrentHashMap<>();
    private final Map<Device, Constants> constants = new ConcurrentHashMap<>();

    /** The step's constants as 0-d tensors on one device; the learning rate is renewed when it changes. */
    private static final class Constants {
        final NDArray zero;
        final NDArray momentum;
        final NDArray weightDecay;
        private float learningRateValue = Float.NaN;
        private Rates rates;

        /** lr and lr·μ as 0-d tensors. */
        record Rates(NDArray learningRate, NDArray learningRateTimesMomentum) {
        }

        Constants(NDArray like, float momentum, float weightDecay) {
            this.zero = scalar(like, 0f);
            this.momentum = scalar(like, momentum);
            this.weightDecay = scalar(like, weightDecay);
        }

        synchronized Rates rates(NDArray like, float learningRate, float momentum) {
            if (learningRate != learningRateValue) {
                if (rates != null) {
                    rates.learningRate().close();
                    rates.learningRateTimesMomentum().close();
                }
                rates = new Rates(scalar(like, learningRate), scalar(like, learningRate * momentum));
                learningRateValue = learningRate;
            }
            return rates;
        }

        private static NDArray scalar(NDArray like, float value) {
            return like.getManager().create(value).toDevice(like.getDevice(), false);
        }
    }

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
        if (rescaleGrad != 1f) {
            throw new IllegalStateException("rescaleGrad is not supported; the loss already averages the batch");
        }
        float lr = learningRate.getNewValue(parameterId, updateCount(parameterId));
        float wd = getWeightDecay();
        Device device = weight.getDevice();
        Constants c = constants.computeIfAbsent(device, d -> new Constants(weight, momentum, wd));
        boolean first = !buffers.containsKey(parameterId) || !buffers.get(parameterId).containsKey(device);
        NDArray buffer = withDefaultState(buffers, parameterId, device, k -> weight.zerosLike());
        NDArray work = withDefaultState(workspaces, parameterId, device, k -> weight.zerosLike());
        // work = g = grad + wd·w (the gradient itself is left as it came: data parallel shares it)
        if (wd != 0f) {
            copy(weight, work, c).muli(c.weightDecay).addi(grad);
        } else {
            copy(grad, work, c);
        }
        if (!first) {
            buffer.muli(c.momentum);
        }
        buffer.addi(work); // b = μ·b + g
        // w −= lr·(g + μ·b), as w −= lr·g, then w −= lr·μ·b
        Constants.Rates rates = c.rates(weight, lr, momentum);
        weight.subi(work.muli(rates.learningRate()));
        weight.subi(copy(buffer, work, c).muli(rates.learningRateTimesMomentum()));
        // PyTorch accumulates gradients; DJL's own optimisers clear them after the update, and so must we
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            grad.subi(grad);
        }
    }

    /** {@code to = from}, in place (both finite: a diverged step has failed the job before it got here). */
    private static NDArray copy(NDArray from, NDArray to, Constants c) {
        return to.muli(c.zero).addi(from);
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
