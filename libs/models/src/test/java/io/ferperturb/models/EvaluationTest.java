package io.ferperturb.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.domain.data.Split;
import io.ferperturb.domain.data.SplitData;
import io.ferperturb.domain.metrics.Predictions;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.Fill;
import io.ferperturb.domain.perturbation.RegionMasker;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A split's predictions: each face's logits in order, and with test-time augmentation the sum over its copies. */
class EvaluationTest {
    private static final Normalisation NORM = Normalisation.FER2013;
    private static final SplitData TEST = SplitData.of(Split.PRIVATE_TEST,
            new SyntheticFaceGenerator(5).dataset(2, Imbalance.NONE).toList());

    @ParameterizedTest
    @ValueSource(ints = {48, 40})
    void predictionsAreEachFacesLogitsInTheSplitsOrderWhateverTheBatchSize(int side) {
        try (Model model = initialised(side)) {
            Predictions predictions = Evaluation.predict(model, TEST, NORM, 5, side);
            assertEquals("PrivateTest", predictions.split());
            assertEquals(TEST.size(), predictions.size());
            for (int i = 0; i < TEST.size(); i++) {
                assertEquals(TEST.label(i), predictions.truth()[i]);
                float[] input = new float[FaceImage.PIXELS];
                FacePreprocessing.toInput(TEST.pixels(), TEST.pixelOffset(i), input, 0, NORM);
                ArchitectureFixtures.assertClose(EmotionClassifier.logitsOfFaces(model, input, 1, side),
                        predictions.logits()[i], 1e-5, 1e-6, "face " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {48, 40})
    void testTimeAugmentationSumsThePredictionsOfEachMaskedCopyAndTheOriginal(int side) {
        RegionMasker masker = new RegionMasker(bands());
        try (Model model = initialised(side)) {
            List<Predictions> perCopy = new ArrayList<>();
            for (SplitData copy : copies(masker)) {
                perCopy.add(Evaluation.predict(model, copy, NORM, 7, side));
            }
            Predictions expected = Predictions.sum(perCopy);
            Predictions tta = Evaluation.predictWithTta(model, TEST, NORM, masker, side);
            assertArrayEquals(expected.truth(), tta.truth());
            assertEquals(expected.split(), tta.split());
            for (int i = 0; i < TEST.size(); i++) {
                ArchitectureFixtures.assertClose(expected.logits()[i], tta.logits()[i], 1e-5, 1e-6, "face " + i);
            }
        }
    }

    /** The split once per copy: copy c of every face (c < k: region c masked; c = k: the face itself). */
    private static List<SplitData> copies(RegionMasker masker) {
        SplitData all = masker.maskAll(TEST, Fill.zero(), true);
        int copies = masker.copiesPerImage(true);
        List<SplitData> out = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            byte[] pixels = new byte[TEST.size() * FaceImage.PIXELS];
            for (int i = 0; i < TEST.size(); i++) {
                System.arraycopy(all.pixels(), all.pixelOffset(i * copies + c), pixels, i * FaceImage.PIXELS,
                        FaceImage.PIXELS);
            }
            out.add(new SplitData(Split.PRIVATE_TEST, TEST.labels(), pixels));
        }
        return out;
    }

    private static Model initialised(int side) {
        Model model = ArchitectureFixtures.newModel("cnn");
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, side, side));
        return model;
    }

    /** Three horizontal bands: eyes, nose, mouth. */
    private static ClusterMap bands() {
        int[] labels = new int[FaceImage.PIXELS];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = Math.min(2, (p / FaceImage.SIDE) / 16);
        }
        return ClusterMap.of(3, labels);
    }
}
