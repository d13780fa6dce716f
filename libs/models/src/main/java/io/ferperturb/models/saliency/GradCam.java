package io.ferperturb.models.saliency;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ferperturb.models.Djl;

/**
 * {@code gradcam} (Selvaraju et al. 2017; pytorch-grad-cam's {@code GradCAM}): at the last convolutional
 * stage (see {@link ConvStages}), ReLU(Σ_c w_c A_c) with w_c the spatial mean of ∂ logit_target / ∂ A_c,
 * upsampled bilinearly to the input size. The stage's activations come from running the block's own
 * layers in two halves, so no architecture needs a hook and checkpoints load unchanged: the first half
 * without gradients, the second from a leaf copy of A inside the (locked) gradient pass.
 */
public final class GradCam implements SaliencyMethod {
    public static final String NAME = "gradcam";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public float[][] maps(Model model, float[] batch, int side, int[] targets) {
        ConvStages.Split split = ConvStages.of(model, side);
        int pixels = side * side;
        float[][] maps = new float[targets.length][];
        for (int from = 0; from < targets.length; from += GradientPass.MAX_ROWS) {
            int rows = Math.min(GradientPass.MAX_ROWS, targets.length - from);
            float[] chunk = java.util.Arrays.copyOfRange(batch, from * pixels, (from + rows) * pixels);
            int[] chunkTargets = java.util.Arrays.copyOfRange(targets, from, from + rows);
            float[][] cams = camChunk(model, split, chunk, rows, side, chunkTargets);
            System.arraycopy(cams, 0, maps, from, rows);
        }
        return maps;
    }

    private static float[][] camChunk(Model model, ConvStages.Split split, float[] chunk, int rows, int side, int[] targets) {
        return GradientPass.locked(model.getBlock(), unused -> {
            try (NDManager sub = model.getNDManager().newSubManager()) {
                ParameterStore params = new ParameterStore(sub, false);
                Djl.noGradientsOnThisThread();
                NDArray activations = split.features(params, Djl.images(sub, chunk, rows, side));
                activations.setRequiresGradient(true);
                try (GradientCollector collector = Djl.engine().newGradientCollector()) {
                    NDArray logits = split.head(params, activations);
                    int[] used = GradientPass.resolve(targets, logits);
                    collector.backward(logits.mul(GradientPass.oneHot(sub, used, (int) logits.getShape().get(1))).sum());
                }
                NDArray weights = activations.getGradient().mean(new int[] {3}, true).mean(new int[] {2}, true);
                NDArray cam = activations.mul(weights).sum(new int[] {1}).maximum(0f);
                Shape s = cam.getShape();
                int h = (int) s.get(1);
                int w = (int) s.get(2);
                float[] flat = cam.toFloatArray();
                float[][] out = new float[rows][];
                for (int i = 0; i < rows; i++) {
                    out[i] = Maps.upsample(java.util.Arrays.copyOfRange(flat, i * h * w, (i + 1) * h * w), h, w, side);
                }
                return out;
            }
        });
    }
}
