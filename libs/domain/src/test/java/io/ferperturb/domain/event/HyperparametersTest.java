package io.ferperturb.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HyperparametersTest {
    private static final Hyperparameters TRAINER = new Hyperparameters("cnn", 10, 64, 0.01, 42L, 0.9, 1e-4, 0.75, 5,
            Augmentation.PAPER, null, Hyperparameters.GROUPED, Hyperparameters.UNWEIGHTED);

    @Test
    void setFieldsWinAndNullFieldsTakeTheDefaults() {
        Hyperparameters job = new Hyperparameters("resnet18", null, 32, null, 7L, null, 5e-4, null, 3, null, 40,
                "expanded", "balanced");
        assertEquals(new Hyperparameters("resnet18", 10, 32, 0.01, 7L, 0.9, 5e-4, 0.75, 3, Augmentation.PAPER, 40,
                "expanded", "balanced"), job.over(TRAINER));
    }

    @Test
    void groupedBatchingIsTheDefaultAndExpandedMustBeAskedFor() {
        assertTrue(Hyperparameters.UNSET.over(TRAINER).batchesGroups());
        assertTrue(Hyperparameters.UNSET.batchesGroups());
        assertFalse(Hyperparameters.UNSET.withPerturbedBatching(Hyperparameters.EXPANDED).over(TRAINER).batchesGroups());
    }

    @Test
    void nothingSetIsTheDefaultsThemselves() {
        assertEquals(TRAINER, Hyperparameters.UNSET.over(TRAINER));
        assertTrue(Hyperparameters.UNSET.over(TRAINER).resolved());
        assertFalse(Hyperparameters.basics("cnn", 1, 1, 0.1, 1L).resolved());
    }

    @Test
    void aPartialAugmentationIsCompletedFromThePresetItSwitchesOnOrOff() {
        Hyperparameters trainerWithout = TRAINER.withAugmentation(Augmentation.NONE);
        Augmentation rotateMore = new Augmentation(null, null, null, 30.0, null, null, null, null);
        assertEquals(new Augmentation(true, 0.8, 1.2, 30.0, 0.2, true, 0.5, 0.5, 0.5, 0.5, 0.5),
                Hyperparameters.UNSET.withAugmentation(rotateMore).over(trainerWithout).augmentation());
        Augmentation off = new Augmentation(false, null, null, null, null, null, null, null);
        assertEquals(Augmentation.NONE, Hyperparameters.UNSET.withAugmentation(off).over(TRAINER).augmentation());
        assertEquals(Augmentation.NONE, Hyperparameters.UNSET.over(trainerWithout).augmentation());
    }

    @Test
    void theCheckpointDescriptionNamesTheOptimiserAndTheCropOnlyWhenCropped() {
        Map<String, Object> whole = TRAINER.describe();
        assertEquals(List.of("epochs", "batchSize", "learningRate", "optimizer", "momentum", "weightDecay",
                "plateauFactor", "plateauPatience", "seed", "augmentation"), List.copyOf(whole.keySet()));
        assertEquals(Hyperparameters.OPTIMIZER, whole.get("optimizer"));
        assertEquals(10, whole.get("epochs"));
        assertFalse(TRAINER.withCrop(48).describe().containsKey("crop"));
        assertEquals(40, TRAINER.withCrop(40).describe().get("crop"));
        assertEquals(40, TRAINER.withCrop(40).inputSide());
    }

    @Test
    void classWeightsArePlainUnlessBalancedIsAskedForAndDescribedOnlyThen() {
        assertFalse(TRAINER.weightsClasses());
        assertFalse(Hyperparameters.UNSET.weightsClasses(), "null is plain cross-entropy");
        assertEquals(Hyperparameters.UNWEIGHTED, Hyperparameters.PAPER.classWeights(), "the authors' plain loss");
        Hyperparameters balanced = TRAINER.withClassWeights(Hyperparameters.BALANCED);
        assertTrue(balanced.weightsClasses());
        assertEquals("balanced", balanced.describe().get("classWeights"));
        assertFalse(TRAINER.describe().containsKey("classWeights"));
        assertEquals(balanced, Hyperparameters.UNSET.withClassWeights("balanced").over(TRAINER));
    }
}
