import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.models.Djl;
import io.ferperturb.trainer.training.ModelTrainer;
import io.ferperturb.trainer.training.TrainingData;
import io.ferperturb.trainer.training.TrainingListener;
import io.ferperturb.trainer.training.TrainingSettings;
import java.io.InputStream;
import java.util.Properties;
import java.util.Random;

/** tools/gpu/smoke.sh: a few training steps on one device, then data parallel on every GPU when there are two. */
public class GpuSmoke {
    public static void main(String[] args) throws Exception {
        Engine engine = Djl.engine();
        System.out.printf("libtorch %s, build %s; DJL sees %d GPU(s)%s%n", engine.getVersion(), bundledFlavor(),
                engine.getGpuCount(), engine.getGpuCount() > 0 ? ", CUDA runtime " + CudaUtils.getCudaVersionString()
                        + ", compute capability " + CudaUtils.getComputeCapability(0) : "");
        String choice = System.getProperty("smoke.device", "gpu");
        if (choice.startsWith("gpu") && engine.getGpuCount() == 0) {
            System.out.println("FAILED: no GPU visible (SMOKE_DEVICE=cpu for a dry run on the CPU)");
            System.exit(1);
        }
        TrainingData data = randomFaces(640, 64);
        boolean ok = train(data, new Device[] {Djl.device(choice)});
        if (choice.startsWith("gpu") && engine.getGpuCount() > 1) {
            ok &= train(data, Djl.devices(Djl.ALL_GPUS));
        }
        System.out.println(ok ? "OK" : "FAILED");
        System.exit(ok ? 0 : 1);
    }

    /** Two epochs of 10 steps of 64 images (no augmentation: the device's speed, not the CPU's). */
    private static boolean train(TrainingData data, Device[] devices) {
        TrainingSettings paper = TrainingSettings.paper("cnn", 2, 64, 0.01, 42, devices[0])
                .withAugmentation(Augmentation.NONE);
        TrainingSettings settings = new TrainingSettings(paper.hyperparameters(), devices, 1);
        int[] steps = new int[1];
        double[] lastLoss = {Double.NaN};
        long start = System.nanoTime();
        long[] epochEnds = new long[3];
        var result = new ModelTrainer().train("gpu-smoke", data, settings, Normalisation.FER2013,
                new TrainingListener() {
                    @Override
                    public void onStep(int epoch, int step, int total, double loss, double accuracy, double rate,
                            double eta) {
                        steps[0]++;
                        lastLoss[0] = loss;
                    }

                    @Override
                    public void onEpoch(EpochSummary summary) {
                        epochEnds[summary.epoch()] = System.nanoTime();
                    }
                });
        result.model().close();
        double all = (System.nanoTime() - start) / 1e9;
        double second = (epochEnds[2] - epochEnds[1]) / 1e9; // the first one includes start-up and autotuning
        System.out.printf("%s: %d steps in %.1f s; second epoch %.1f steps/s (batch 64, %d per device); loss %.3f%n",
                settings.deviceName(), steps[0], all, steps[0] / 2 / second, 64 / devices.length, lastLoss[0]);
        return steps[0] == 20 && Double.isFinite(lastLoss[0]);
    }

    private static TrainingData randomFaces(int images, int test) {
        Random random = new Random(7);
        return new TrainingData(Emotion.labels(), split(Split.TRAINING, images, random),
                split(Split.PUBLIC_TEST, test, random), split(Split.PRIVATE_TEST, test, random));
    }

    private static SplitData split(Split split, int n, Random random) {
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 48 * 48];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 7);
        }
        random.nextBytes(pixels);
        return new SplitData(split, labels, pixels);
    }

    private static String bundledFlavor() throws Exception {
        try (InputStream in = GpuSmoke.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("flavor", "?") + " " + props.getProperty("version", "?");
        }
    }
}
