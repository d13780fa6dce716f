package io.ferperturb.models.saliency;

import static io.ferperturb.models.saliency.SaliencyFixtures.SIDE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.Djl;
import io.ferperturb.models.EmotionClassifier;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Faithfulness: on a trained model, deleting the pixels a gradient map marks hurts more than deleting random ones. */
class DeletionScoreTest {
    private static final int TRAIN_PER_CLASS = 150;
    private static final int TEST_PER_CLASS = 6;
    private static final int EPOCHS = 12;
    private static final int BATCH = 32;

    @Test
    void theMostSalientPixelsAreTheLargestValues() {
        assertArrayEquals(new int[] {2, 0}, DeletionScore.mostSalient(new float[] {5, 1, 9, 3}, 2));
    }

    @Test
    void theBlurIsTheWindowMean() {
        float[] blurred = DeletionScore.boxBlur(new float[] {0, 3, 6, 9}, 2, 1);
        assertArrayEquals(new float[] {4.5f, 4.5f, 4.5f, 4.5f}, blurred, 1e-6f);
    }

    @Test
    void onATrainedCnnGradientMapsBeatRandomDeletion() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(11);
        int trainN = TRAIN_PER_CLASS * Emotion.COUNT;
        byte[][] trainFaces = new byte[trainN][];
        int[] trainLabels = new int[trainN];
        for (int i = 0; i < trainN; i++) {
            trainLabels[i] = i % Emotion.COUNT;
            trainFaces[i] = generator.draw(Emotion.of(trainLabels[i]), i);
        }
        try (Model model = Model.newInstance("deletion-test", ai.djl.Device.cpu(), "PyTorch")) {
            Djl.engine();
            model.setBlock(Architectures.get("cnn").newBlock(Emotion.COUNT));
            model.getBlock().setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.IN, 1f), Parameter.Type.WEIGHT);
            train(model, FacePreprocessing.toInput(trainFaces, Normalisation.FER2013), trainLabels);

            int testN = TEST_PER_CLASS * Emotion.COUNT;
            byte[][] testFaces = new byte[testN][];
            int[] labels = new int[testN];
            for (int i = 0; i < testN; i++) {
                labels[i] = i % Emotion.COUNT;
                testFaces[i] = generator.draw(Emotion.of(labels[i]), 100_000 + i);
            }
            float[] test = FacePreprocessing.toInput(testFaces, Normalisation.FER2013);
            float[] logits = EmotionClassifier.forward(model, test, testN, SIDE);
            int correct = 0;
            for (int i = 0; i < testN; i++) {
                correct += ClassificationMetrics.argmax(logits, i * Emotion.COUNT, Emotion.COUNT) == labels[i] ? 1 : 0;
            }
            assertTrue(correct >= 0.4 * testN, "the cnn did not learn: " + correct + "/" + testN);

            float[][] maps = new VanillaGradient().maps(model, test, SIDE, labels);
            DeletionScore deletion = new DeletionScore(0.1, 8, 5);
            double salientDrop = 0;
            double randomDrop = 0;
            int pixels = SIDE * SIDE;
            for (int i = 0; i < testN; i++) {
                float[] image = java.util.Arrays.copyOfRange(test, i * pixels, (i + 1) * pixels);
                DeletionScore.Result r = deletion.of(model, image, maps[i], SIDE, labels[i]);
                salientDrop += r.salientDrop() / testN;
                randomDrop += r.randomDrop() / testN;
            }
            assertTrue(salientDrop > randomDrop + 0.1,
                    "salient deletion drop " + salientDrop + " vs random " + randomDrop);
        }
    }

    /** A short Adam run: enough for the synthetic faces' cues, seeded shuffling. */
    private static void train(Model model, float[] inputs, int[] labels) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new ai.djl.Device[] {ai.djl.Device.cpu()})
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build());
        int n = labels.length;
        int pixels = SIDE * SIDE;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(BATCH, 1, SIDE, SIDE));
            SplittableRandom random = new SplittableRandom(3);
            int[] order = java.util.stream.IntStream.range(0, n).toArray();
            for (int epoch = 0; epoch < EPOCHS; epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from + BATCH <= n; from += BATCH) {
                    float[] x = new float[BATCH * pixels];
                    float[] y = new float[BATCH];
                    for (int b = 0; b < BATCH; b++) {
                        System.arraycopy(inputs, order[from + b] * pixels, x, b * pixels, pixels);
                        y[b] = labels[order[from + b]];
                    }
                    try (NDManager sub = trainer.getManager().newSubManager();
                            GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(sub.create(x, new Shape(BATCH, 1, SIDE, SIDE))))
                                .singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(sub.create(y)), new NDList(logits));
                        collector.backward(loss);
                    }
                    trainer.step();
                }
            }
        }
    }
}
