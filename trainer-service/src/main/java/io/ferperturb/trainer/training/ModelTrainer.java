package io.ferperturb.trainer.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.Hyperparameters;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.Djl;
import io.ferperturb.models.Evaluation;
import java.util.List;
import java.util.Optional;

/**
 * The training loop of the paper's protocol: SGD with Nesterov momentum and weight decay on
 * cross-entropy, reduce-on-plateau on the validation accuracy, batches augmented and prepared ahead by
 * a {@link BatchFeeder}, validation on PublicTest after every epoch, a checkpoint hook after every
 * epoch, and a final test on PrivateTest. A job can continue from a {@link ResumeState}, and stops after any
 * optimiser step when {@link TrainingSettings#stopRequested()} says so ({@link TrainingStopped}, with the state to
 * continue from that step).
 */
public final class ModelTrainer {
    /** A loss above this (ln 7 ≈ 1.95 at chance) means the run exploded. */
    private static final double EXPLODED_LOSS = 1e3;

    public TrainingResult train(String modelId, TrainingData data, TrainingSettings settings, Normalisation norm,
            TrainingListener listener) {
        return train(modelId, data, settings, norm, listener, Optional.empty());
    }

    public TrainingResult train(String modelId, TrainingData data, TrainingSettings settings, Normalisation norm,
            TrainingListener listener, Optional<ResumeState> resume) {
        Hyperparameters h = settings.hyperparameters();
        Engine engine = Djl.engine();
        engine.setRandomSeed(h.seed().intValue());
        Djl.noGradientsOnThisThread(); // the gradient collector turns it on only around forward/backward
        Model model = Model.newInstance(modelId, settings.devices()[0], "PyTorch");
        try {
            model.setBlock(Architectures.get(h.architecture()).newBlock(data.classes().size()));
            // PyTorch's default (Kaiming-uniform, a = √5: bound 1/√fan_in), as in the authors' code; DJL's
            // default Xavier gives logits so large that the small CNN barely learns in its first epochs
            model.getBlock().setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                    XavierInitializer.FactorType.IN, 1f), Parameter.Type.WEIGHT);
            PlateauTracker schedule = new PlateauTracker(h.learningRate().floatValue(), h.plateauFactor().floatValue(),
                    h.plateauPatience());
            NesterovSgd optimizer = NesterovSgd.builder().setLearningRateTracker(schedule)
                    .optMomentum(h.momentum().floatValue()).optWeightDecays(h.weightDecay().floatValue()).build();
            float[] classWeights = h.weightsClasses() ? ClassWeights.balanced(data.train().labels(), data.classes().size())
                    : null;
            DefaultTrainingConfig config = new DefaultTrainingConfig(classWeights == null
                    ? Loss.softmaxCrossEntropyLoss() : new WeightedSoftmaxCrossEntropy(classWeights))
                    .optDevices(settings.devices())
                    .optOptimizer(optimizer);
            EvaluationResult validation = null;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(h.batchSize(), 1, settings.inputSide(), settings.inputSide()));
                int firstEpoch = 1;
                int firstStep = 0;
                if (resume.isPresent()) {
                    restore(model, optimizer, schedule, resume.get());
                    firstEpoch = resume.get().epoch() + 1;
                    firstStep = resume.get().step();
                }
                // a grouped dataset batched by groups: batchSize groups a step, so as many steps as the
                // baseline takes on the original images (the last, partial batch included in both)
                int unit = data.batchUnit(h.batchesGroups());
                int units = data.train().size() / unit;
                int steps = (units + h.batchSize() - 1) / h.batchSize();
                long started = System.nanoTime();
                for (int epoch = firstEpoch; epoch <= h.epochs(); epoch++) {
                    EpochStats stats;
                    try {
                        stats = runEpoch(trainer, data.train(), unit, settings, norm, epoch, steps,
                                epoch == firstEpoch ? firstStep : 0, classWeights, listener);
                    } catch (StoppedAfterStep stop) {
                        throw new TrainingStopped("stopped after step " + stop.step + " of " + steps + " of epoch "
                                + epoch, snapshot(epoch - 1, model, optimizer, schedule, stop.step));
                    }
                    validation = Evaluation.predict(model, data.validation(), norm, h.batchSize(),
                            settings.inputSide()).evaluate(data.classes());
                    double rate = schedule.learningRate();
                    schedule.onEpoch(validation.accuracy());
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    double eta = elapsed / (epoch - firstEpoch + 1) * (h.epochs() - epoch);
                    listener.onEpoch(new TrainingListener.EpochSummary(epoch, h.epochs(), stats.meanLoss(),
                            stats.accuracy(), validation.accuracy(), rate, stats.imagesPerSecond(), stats.dataWaitShare(), eta));
                    ResumeState endOfEpoch = snapshot(epoch, model, optimizer, schedule, 0);
                    listener.onCheckpoint(epoch, model, endOfEpoch);
                    if (epoch < h.epochs() && settings.stopRequested().getAsBoolean()) {
                        throw new TrainingStopped("stopped after epoch " + epoch, endOfEpoch);
                    }
                }
            }
            if (validation == null) {
                validation = Evaluation.predict(model, data.validation(), norm, h.batchSize(), settings.inputSide())
                        .evaluate(data.classes());
            }
            Predictions test = Evaluation.predict(model, data.test(), norm, h.batchSize(), settings.inputSide());
            return new TrainingResult(model, h.epochs(), validation, test.evaluate(data.classes()), test);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private record EpochStats(double meanLoss, double accuracy, double imagesPerSecond, double dataWaitShare) {
    }

    /** Thrown out of an epoch when a stop was asked for after {@code step} of its optimiser steps. */
    private static final class StoppedAfterStep extends RuntimeException {
        final int step;

        StoppedAfterStep(int step) {
            super(null, null, false, false);
            this.step = step;
        }
    }

    /** One epoch from step {@code firstStep + 1} (0: the whole epoch); its numbers cover the steps it ran. */
    private EpochStats runEpoch(Trainer trainer, SplitData train, int unit, TrainingSettings settings,
            Normalisation norm, int epoch, int steps, int firstStep, float[] classWeights, TrainingListener listener) {
        Hyperparameters h = settings.hyperparameters();
        long epochStart = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int step = firstStep;
        try (BatchFeeder feeder = new BatchFeeder(train, h.batchSize(), unit, norm, h.augmentation(),
                settings.inputSide(), h.seed() * 1000 + epoch, firstStep)) {
            for (Batch batch = feeder.next(); batch != null; batch = feeder.next()) {
                step++;
                try (NDManager sub = trainer.getManager().newSubManager()) {
                    int side = settings.inputSide();
                    NDArray x = Djl.images(sub, batch.inputs(), batch.size(), side);
                    NDArray y = sub.create(batch.labels());
                    StepResult result = step(trainer, x, y, batch.labels(), classWeights);
                    double lossValue = result.loss();
                    if (!Double.isFinite(lossValue) || lossValue > EXPLODED_LOSS) {
                        throw new DivergedException("training diverged at epoch " + epoch + ", step " + step
                                + ": loss " + lossValue + "; lower the learning rate (" + h.learningRate() + ")");
                    }
                    trainer.step();
                    lossSum += lossValue * batch.size();
                    correct += result.correct();
                    seen += batch.size();
                }
                if (step % settings.progressEverySteps() == 0 || step == steps) {
                    double elapsed = (System.nanoTime() - epochStart) / 1e9;
                    double rate = seen / elapsed;
                    double remainingImages = (double) (h.epochs() - epoch) * train.size() + (train.size() - seen);
                    listener.onStep(epoch, step, steps, lossSum / seen, (double) correct / seen, rate,
                            remainingImages / rate);
                }
                if (step < steps && settings.stopRequested().getAsBoolean()) {
                    throw new StoppedAfterStep(step);
                }
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            return new EpochStats(lossSum / seen, (double) correct / seen, seen / seconds,
                    feeder.waitNanos() / 1e9 / seconds);
        }
    }

    private record StepResult(double loss, int correct) {
    }

    /**
     * Forward and backward of one batch, shared between the trainer's devices ({@link DeviceShares}: data parallel
     * on several GPUs; the batch as it is on one device). Each share's mean loss is scaled by
     * {@link DeviceShares#lossFactor}, so the summed gradients are those of the whole batch's mean loss.
     *
     * @param classWeights the loss's class weights, or null for plain cross-entropy
     */
    private static StepResult step(Trainer trainer, NDArray x, NDArray y, int[] hostLabels,
            float[] classWeights) {
        int size = hostLabels.length;
        ai.djl.Device[] devices = trainer.getDevices();
        List<DeviceShares.Share> shares = devices.length == 1 ? List.of(new DeviceShares.Share(x, y, 0, size))
                : DeviceShares.split(x, y, devices);
        double loss = 0;
        int correct = 0;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            for (DeviceShares.Share share : shares) {
                NDList labels = new NDList(share.labels());
                NDArray logits = trainer.forward(new NDList(share.inputs()), labels).singletonOrThrow();
                NDArray shareLoss = trainer.getLoss().evaluate(labels, new NDList(logits));
                if (shares.size() > 1) {
                    shareLoss = shareLoss.mul(DeviceShares.lossFactor(share, hostLabels, classWeights));
                }
                collector.backward(shareLoss);
                loss += shareLoss.getFloat();
                int[] predicted = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                for (int j = 0; j < share.size(); j++) {
                    correct += predicted[j] == hostLabels[share.offset() + j] ? 1 : 0;
                }
            }
        }
        return new StepResult(loss, correct);
    }

    private static ResumeState snapshot(int epoch, Model model, NesterovSgd optimizer, PlateauTracker schedule,
            int step) {
        List<Parameter> trainable = parameters(model, true);
        return new ResumeState(epoch, schedule.learningRate(), schedule.best(), schedule.badEpochs(),
                new NDList(arrays(parameters(model, false))).encode(),
                optimizer.exportState(ids(trainable), arrays(trainable)).encode(), step);
    }

    private static void restore(Model model, NesterovSgd optimizer, PlateauTracker schedule, ResumeState state) {
        List<Parameter> all = parameters(model, false);
        try (NDManager temp = model.getNDManager().newSubManager()) {
            NDList saved = NDList.decode(temp, state.parameters());
            if (saved.size() != all.size()) {
                throw new IllegalStateException("the saved epoch has " + saved.size() + " parameters, the model "
                        + all.size() + "; was the architecture changed?");
            }
            for (int i = 0; i < all.size(); i++) {
                NDArray target = all.get(i).getArray();
                if (!saved.get(i).getShape().equals(target.getShape())) {
                    throw new IllegalStateException("parameter " + all.get(i).getId() + " has shape "
                            + saved.get(i).getShape() + " in the saved epoch, " + target.getShape() + " in the model");
                }
                saved.get(i).copyTo(target);
            }
            List<Parameter> trainable = parameters(model, true);
            optimizer.importState(ids(trainable), arrays(trainable), NDList.decode(temp, state.optimizer()));
        }
        schedule.restore(state.learningRate(), state.bestValidation(), state.badEpochs());
    }

    /** The block's parameters in its fixed order: all (running statistics too), or the trainable ones. */
    private static List<Parameter> parameters(Model model, boolean trainableOnly) {
        return model.getBlock().getParameters().stream().map(Pair::getValue)
                .filter(p -> !trainableOnly || p.requiresGradient()).toList();
    }

    private static List<String> ids(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::getId).toList();
    }

    private static List<NDArray> arrays(List<Parameter> parameters) {
        return parameters.stream().map(Parameter::getArray).toList();
    }
}
