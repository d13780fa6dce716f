package io.ferperturb.bench;

import ai.djl.Device;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.event.Augmentation;
import io.ferperturb.trainer.training.ModelTrainer;
import io.ferperturb.trainer.training.TrainingData;
import io.ferperturb.trainer.training.TrainingListener;
import io.ferperturb.trainer.training.TrainingSettings;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./run.sh bench train --model cnn|resnet18 --batch 64 --steps N [--augment true|false] [--crop 40]}: the
 * trainer's real loop ({@link ModelTrainer}: model, Nesterov SGD, loss, the background batch pipeline
 * with the paper's augmentation) on synthetic faces held in memory. Epoch 1 warms up; epoch 2 is measured.
 * Ends with {@code train_images_per_s=<x>}.
 */
public final class TrainBench {
    private TrainBench() {
    }

    public static void main(String[] argv) throws Exception {
        String model = option(argv, "--model", "cnn");
        int batch = Integer.parseInt(option(argv, "--batch", "64"));
        int steps = Integer.parseInt(option(argv, "--steps", "60"));
        boolean augment = Boolean.parseBoolean(option(argv, "--augment", "true"));
        int crop = Integer.parseInt(option(argv, "--crop", String.valueOf(FaceImage.SIDE)));
        int images = steps * batch;
        TrainingData data = syntheticTrainingSet(images);
        TrainingSettings settings = TrainingSettings.paper(model, 2, batch, 0.01, 42, Device.cpu())
                .withAugmentation(augment ? Augmentation.PAPER : Augmentation.NONE)
                .withCrop(crop);
        List<TrainingListener.EpochSummary> epochs = new ArrayList<>();
        try (var result = new ModelTrainer().train("bench-" + model, data, settings, Normalisation.FER2013,
                new TrainingListener() {
                    @Override
                    public void onStep(int e, int s, int n, double loss, double acc, double rate, double eta) {
                    }

                    @Override
                    public void onEpoch(EpochSummary summary) {
                        epochs.add(summary);
                    }
                }).model()) {
            TrainingListener.EpochSummary measured = epochs.get(epochs.size() - 1);
            System.out.printf("model=%s batch=%d steps=%d augment=%s crop=%d threads=%d device=%s%n", model, batch, steps,
                    augment, crop, Runtime.getRuntime().availableProcessors(), settings.deviceName());
            System.out.printf("data_wait_share=%.4f%n", measured.dataWaitShare());
            System.out.printf("peak_rss_mb=%d%n", peakRssMb());
            System.out.printf("train_images_per_s=%.1f%n", measured.imagesPerSecond());
        }
    }

    private static TrainingData syntheticTrainingSet(int images) {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(1);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        for (int i = 0; i < images; i++) {
            Emotion e = Emotion.of(i % Emotion.COUNT);
            labels.write(e.index());
            pixels.writeBytes(generator.draw(e, i));
        }
        SplitData train = new SplitData(Split.TRAINING, labels.toByteArray(), pixels.toByteArray());
        List<FaceImage> small = generator.dataset(2, Imbalance.NONE).toList();
        return new TrainingData(Emotion.labels(), train, SplitData.of(Split.PUBLIC_TEST, small), SplitData.of(Split.PRIVATE_TEST, small));
    }

    /** Peak resident set size of this process (VmHWM), in MB. */
    static long peakRssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    static String option(String[] argv, String name, String fallback) {
        for (int i = 0; i + 1 < argv.length; i++) {
            if (argv[i].equals(name)) {
                return argv[i + 1];
            }
        }
        return fallback;
    }
}
