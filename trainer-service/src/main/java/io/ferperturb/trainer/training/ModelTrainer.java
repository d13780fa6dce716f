package io.ferperturb.trainer.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import io.ferperturb.core.data.FaceImage;
import io.ferperturb.core.data.FacePreprocessing;
import io.ferperturb.core.data.Normalisation;
import io.ferperturb.core.data.SplitData;
import io.ferperturb.core.event.EvaluationResult;
import io.ferperturb.core.metrics.ClassificationMetrics;
import io.ferperturb.core.model.Architectures;
import io.ferperturb.core.model.Djl;
import io.ferperturb.core.model.EmotionClassifier;
import java.util.List;

/**
 * The training loop: SGD with Nesterov momentum on cross-entropy, batches prepared ahead by a
 * {@link BatchFeeder}, validation on PublicTest after every epoch and a final test on PrivateTest.
 */
public final class ModelTrainer {
    /** A loss above this (ln 7 ≈ 1.95 at chance) means the run exploded. */
    private static final double EXPLODED_LOSS = 1e3;

    public TrainingResult train(String modelId, TrainingData data, TrainingSettings settings, Normalisation norm,
            TrainingListener listener) {
        Engine engine = Djl.engine();
        engine.setRandomSeed((int) settings.seed());
        Djl.noGradientsOnThisThread(); // the gradient collector turns it on only around forward/backward
        Model model = Model.newInstance(modelId, settings.device(), "PyTorch");
        try {
            model.setBlock(Architectures.get(settings.architecture()).newBlock(data.classes().size()));
            // PyTorch's default (Kaiming-uniform, a = √5: bound 1/√fan_in), as in the authors' code; DJL's
            // default Xavier gives logits so large that the small CNN barely learns in its first epochs
            model.getBlock().setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.IN, 1f), Parameter.Type.WEIGHT);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optDevices(new ai.djl.Device[] {settings.device()})
                    .optOptimizer(NesterovSgd.builder()
                            .setLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
                            .optMomentum(0.9f).optWeightDecays(1e-4f).build());
            EvaluationResult validation = null;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(settings.batchSize(), 1, FaceImage.SIDE, FaceImage.SIDE));
                int steps = (data.train().size() + settings.batchSize() - 1) / settings.batchSize();
                long started = System.nanoTime();
                for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                    EpochStats stats = runEpoch(trainer, data.train(), settings, norm, epoch, steps, started, listener);
                    validation = evaluate(model, data.validation(), norm, data.classes(), settings.batchSize());
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    double eta = elapsed / epoch * (settings.epochs() - epoch);
                    listener.onEpoch(new TrainingListener.EpochSummary(epoch, settings.epochs(), stats.meanLoss(),
                            stats.accuracy(), validation.accuracy(), stats.imagesPerSecond(), stats.dataWaitShare(), eta));
                }
            }
            EvaluationResult test = evaluate(model, data.test(), norm, data.classes(), settings.batchSize());
            return new TrainingResult(model, settings.epochs(), validation, test);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private record EpochStats(double meanLoss, double accuracy, double imagesPerSecond, double dataWaitShare) {
    }

    private EpochStats runEpoch(Trainer trainer, SplitData train, TrainingSettings settings, Normalisation norm,
            int epoch, int steps, long jobStarted, TrainingListener listener) {
        long epochStart = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = 0;
        try (BatchFeeder feeder = new BatchFeeder(train, settings.batchSize(), norm, true, settings.seed() * 1000 + epoch)) {
            for (Batch batch = feeder.next(); batch != null; batch = feeder.next()) {
                step++;
                try (NDManager sub = trainer.getManager().newSubManager()) {
                    NDArray x = sub.create(batch.inputs(), new Shape(batch.size(), 1, FaceImage.SIDE, FaceImage.SIDE));
                    NDArray y = sub.create(batch.labels());
                    NDArray logits;
                    NDArray loss;
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                        collector.backward(loss);
                    }
                    trainer.step();
                    double lossValue = loss.getFloat();
                    if (!Double.isFinite(lossValue) || lossValue > EXPLODED_LOSS) {
                        throw new DivergedException("training diverged at epoch " + epoch + ", step " + step
                                + ": loss " + lossValue + "; lower the learning rate (" + settings.learningRate() + ")");
                    }
                    lossSum += lossValue * batch.size();
                    correct += countCorrect(logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                            .toIntArray(), batch.labels());
                    seen += batch.size();
                }
                if (step % settings.progressEverySteps() == 0 || step == steps) {
                    double elapsed = (System.nanoTime() - epochStart) / 1e9;
                    double rate = seen / elapsed;
                    double remainingImages = (double) (settings.epochs() - epoch) * train.size() + (train.size() - seen);
                    listener.onStep(epoch, step, steps, lossSum / seen, (double) correct / seen, rate,
                            remainingImages / rate);
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            return new EpochStats(lossSum / seen, (double) correct / seen, seen / seconds,
                    feeder.waitNanos() / 1e9 / seconds);
        }
    }

    private static int countCorrect(int[] predicted, int[] labels) {
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    /** Plain accuracy and the rest on one split, in inference mode. */
    public static EvaluationResult evaluate(Model model, SplitData split, Normalisation norm, List<String> classes,
            int batchSize) {
        int n = split.size();
        int[] predicted = new int[n];
        int[] truth = new int[n];
        for (int start = 0; start < n; start += batchSize) {
            int count = Math.min(batchSize, n - start);
            float[] inputs = new float[count * FaceImage.PIXELS];
            for (int i = 0; i < count; i++) {
                FacePreprocessing.toInput(split.pixels(), split.pixelOffset(start + i), inputs, i * FaceImage.PIXELS, norm);
                truth[start + i] = split.label(start + i);
            }
            float[] logits = EmotionClassifier.forward(model, inputs, count, FaceImage.SIDE);
            int classesCount = logits.length / count;
            for (int i = 0; i < count; i++) {
                predicted[start + i] = ClassificationMetrics.argmax(logits, i * classesCount, classesCount);
            }
        }
        return ClassificationMetrics.evaluate(split.split().usage(), truth, predicted, classes);
    }
}
