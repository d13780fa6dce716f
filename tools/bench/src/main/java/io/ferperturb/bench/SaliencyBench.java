package io.ferperturb.bench;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.Djl;
import io.ferperturb.models.ServingForm;
import io.ferperturb.models.saliency.SaliencyMethod;
import io.ferperturb.models.saliency.SmoothGrad;
import io.ferperturb.models.saliency.VanillaGradient;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./run.sh bench saliency [--models cnn,resnet18] [--reps 30] [--samples 25]}: median milliseconds per
 * map of the saliency-service's real code path ({@code io.ferperturb.models.saliency}: locked gradient pass,
 * the model in its serving form as the registry loads it: batch norms folded, weights frozen) for one 48×48
 * face with a given target: {@code gradient}, and {@code smoothgrad} with N noisy copies in one batched pass.
 * Ends with one {@code <model>_<method>_ms=<median>} line per figure; {@code tools/bench/reference/saliency_reference.py}
 * prints the same in PyTorch.
 */
public final class SaliencyBench {
    /**
     * Warm-up before timing: at least this many maps and {@link #WARMUP_SECONDS}. 20 maps left DJL's Java side
     * to the interpreter (slower maps than once the JIT had compiled it), and a server answers with compiled
     * code; the PyTorch reference warms up the same way.
     */
    private static final int WARMUP = 20;
    private static final double WARMUP_SECONDS = 3;

    private SaliencyBench() {
    }

    public static void main(String[] argv) {
        List<String> models = List.of(TrainBench.option(argv, "--models", "cnn,resnet18").split(","));
        int reps = Integer.parseInt(TrainBench.option(argv, "--reps", "30"));
        int samples = Integer.parseInt(TrainBench.option(argv, "--samples", "25"));
        Djl.engine();
        float[] face = FacePreprocessing.toInput(new byte[][] {new SyntheticFaceGenerator(1).draw(Emotion.HAPPY, 0)},
                Normalisation.FER2013);
        int[] target = {Emotion.HAPPY.index()};
        System.out.printf("threads=%d reps=%d samples=%d%n", Runtime.getRuntime().availableProcessors(), reps, samples);
        for (String name : models) {
            try (Model model = Model.newInstance(name, ai.djl.Device.cpu(), "PyTorch")) {
                model.setBlock(Architectures.get(name).newBlock(Emotion.COUNT));
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, FaceImage.SIDE, FaceImage.SIDE));
                ServingForm.prepare(model, new Shape(1, FaceImage.SIDE, FaceImage.SIDE)); // as the registry does
                double gradient = medianMs(new VanillaGradient(), model, face, target, reps);
                double smooth = medianMs(new SmoothGrad(samples, 0.15, 1), model, face, target, reps);
                System.out.printf("%s_gradient_ms=%.2f%n", name, gradient);
                System.out.printf("%s_smoothgrad%d_ms=%.2f%n", name, samples, smooth);
                System.out.printf("%s_smoothgrad_over_gradient=%.2f%n", name, smooth / gradient);
            }
        }
    }

    private static double medianMs(SaliencyMethod method, Model model, float[] face, int[] target, int reps) {
        long warm = System.nanoTime();
        for (int r = 0; r < WARMUP || System.nanoTime() - warm < WARMUP_SECONDS * 1e9; r++) {
            method.maps(model, face, FaceImage.SIDE, target);
        }
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            method.maps(model, face, FaceImage.SIDE, target);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }
}
