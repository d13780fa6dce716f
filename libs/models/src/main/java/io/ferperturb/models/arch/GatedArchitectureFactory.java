package io.ferperturb.models.arch;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.ferperturb.models.ArchitectureFactory;

/**
 * {@code attention-<architecture>}: an attention model (phase 1 of the method) made of a
 * {@link SpatialAttentionGate} on the input followed by any classifier, whose gate's map is read per image
 * with {@link SpatialAttention#attentionMap}. The authors put the gate in front of their VGG16
 * ({@code attention-vgg16}); {@code attention-cnn}, the gate before the small {@code cnn}, is the light
 * default. The gate adds 100 trainable parameters to the classifier's: {@code attention-cnn} has 1,274,699
 * for 48×48 input and 7 classes, 914,251 for 40×40 crops.
 */
public final class GatedArchitectureFactory implements ArchitectureFactory {
    /** What the name of every gated architecture starts with. */
    public static final String PREFIX = "attention-";

    private final ArchitectureFactory classifier;

    public GatedArchitectureFactory(ArchitectureFactory classifier) {
        if (classifier instanceof GatedArchitectureFactory) {
            throw new IllegalArgumentException("an attention model has one gate: " + classifier.name() + " has one already");
        }
        this.classifier = classifier;
    }

    /** The name of the attention model in front of {@code classifier}, e.g. {@code attention-vgg16}. */
    public static String nameOf(String classifier) {
        return PREFIX + classifier;
    }

    @Override
    public String name() {
        return nameOf(classifier.name());
    }

    @Override
    public Block newBlock(int classes) {
        return new SequentialBlock()
                .add(new SpatialAttentionGate())
                .add(classifier.newBlock(classes));
    }
}
