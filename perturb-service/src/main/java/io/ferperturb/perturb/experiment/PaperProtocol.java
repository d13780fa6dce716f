package io.ferperturb.perturb.experiment;

import java.util.List;

/**
 * {@code "protocol": "paper"}: the paper's Table 2 setup, for every field a request leaves out. Its models
 * (the authors' VGG16, ResNet-50, DPN-26, DenseNet-121 and the residual masking network, and their ensemble),
 * 200 epochs at learning rate 0.01 with batch 16 (their {@code config.py}), their augmentation, 40×40 crops
 * evaluated on TenCrop(40), the attention of a spatial gate in front of their VGG16 thresholded on the sum,
 * n = 3 regions blacked out, each image's copies in one batch; both controls on, so the table says where a
 * gain comes from. With the real FER2013 CSV on a GPU cluster, Table 2 is one request.
 */
public final class PaperProtocol {
    public static final String NAME = "paper";
    public static final List<String> ARCHITECTURES = List.of("vgg16", "resnet50", "dpn26", "densenet121", "resmasking");
    public static final int EPOCHS = 200;
    public static final double LEARNING_RATE = 0.01;
    public static final int BATCH_SIZE = 16;
    public static final int CLUSTERS = 3;
    public static final int CROP = 40;
    public static final String ATTENTION_ARCHITECTURE = "vgg16";

    private PaperProtocol() {
    }

    /** The request with every field it leaves out taken from the paper; the fields it sets are kept. */
    public static ExperimentRequest fill(ExperimentRequest r) {
        return new ExperimentRequest(r.datasetId(), or(r.architectures(), ARCHITECTURES), or(r.clusters(), CLUSTERS),
                r.sweep(), or(r.epochs(), EPOCHS), r.attentionEpochs(), r.epochsPerArchitecture(),
                or(r.batchSize(), BATCH_SIZE), or(r.learningRate(), LEARNING_RATE), r.seed(), or(r.augment(), true),
                or(r.attention(), ExperimentSpec.SPATIAL_GATE), r.attentionModel(), r.attentionSample(), r.alpha(),
                r.beta(), r.threshold(), or(r.fill(), "zero"), or(r.keepOriginal(), true), r.perturbedBatching(),
                r.seeds(), or(r.controls(), ExperimentSpec.CONTROLS), or(r.crop(), CROP),
                or(r.attentionArchitecture(), ATTENTION_ARCHITECTURE), or(r.thresholdScale(), "sum"), r.classWeights(),
                r.protocol());
    }

    private static <T> T or(T value, T paper) {
        return value == null || (value instanceof List<?> list && list.isEmpty()) ? paper : value;
    }
}
