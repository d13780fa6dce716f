package io.ferperturb.synthetic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The generated task is learnable from pixels but not trivial, and it gives the masking scheme
 * something to find: a linear classifier that cannot see the lower face (rows 28+ blacked out in
 * training and test) loses most of its happy recall but keeps its angry recall, because happy is
 * carried by the mouth and angry by brows and eyes.
 */
class SyntheticFaceLearnabilityTest {
    private static final int TRAIN_PER_CLASS = 300;
    private static final int TEST_PER_CLASS = 200;
    /** Test faces come from an index range the training faces never use. */
    private static final long TEST_INDEX_OFFSET = 1_000_000;
    private static final int LOWER_FACE_FIRST_ROW = 28;

    private static Evaluation clean;
    private static Evaluation masked;

    @BeforeAll
    static void trainWithAndWithoutLowerFace() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(2024);
        byte[][] train = new byte[TRAIN_PER_CLASS * Emotion.COUNT][];
        byte[][] test = new byte[TEST_PER_CLASS * Emotion.COUNT][];
        int[] trainLabels = new int[train.length];
        int[] testLabels = new int[test.length];
        for (Emotion emotion : Emotion.values()) {
            int c = emotion.index();
            for (int i = 0; i < TRAIN_PER_CLASS; i++) {
                train[c * TRAIN_PER_CLASS + i] = generator.draw(emotion, i);
                trainLabels[c * TRAIN_PER_CLASS + i] = c;
            }
            for (int i = 0; i < TEST_PER_CLASS; i++) {
                test[c * TEST_PER_CLASS + i] = generator.draw(emotion, TEST_INDEX_OFFSET + i);
                testLabels[c * TEST_PER_CLASS + i] = c;
            }
        }
        clean = Evaluation.of(train, trainLabels, test, testLabels, FaceImage.SIDE);
        masked = Evaluation.of(train, trainLabels, test, testLabels, LOWER_FACE_FIRST_ROW);
    }

    @Test
    void cleanFacesAreLearnableButClassesOverlap(TestReporter reporter) {
        reporter.publishEntry("clean", clean.toString());
        assertTrue(clean.accuracy() >= 0.55, "clean accuracy " + clean.accuracy());
        assertTrue(clean.accuracy() <= 0.95, "clean accuracy " + clean.accuracy() + " is too easy");
        for (Emotion emotion : Emotion.values()) {
            assertTrue(clean.recall(emotion) >= 0.3, emotion + " recall " + clean.recall(emotion));
        }
    }

    @Test
    void hidingTheLowerFaceHurtsHappyFarMoreThanAngry(TestReporter reporter) {
        reporter.publishEntry("lowerFaceHidden", masked.toString());
        double happyDrop = clean.recall(Emotion.HAPPY) - masked.recall(Emotion.HAPPY);
        double angryDrop = clean.recall(Emotion.ANGRY) - masked.recall(Emotion.ANGRY);
        assertTrue(happyDrop >= 0.25, "happy recall drop " + happyDrop);
        assertTrue(happyDrop >= 2 * angryDrop, "happy drop " + happyDrop + " vs angry drop " + angryDrop);
        assertTrue(masked.recall(Emotion.ANGRY) >= 0.6, "angry recall without lower face " + masked.recall(Emotion.ANGRY));
    }

    @Test
    void theUpperFaceAloneStillCarriesInformation() {
        assertTrue(masked.accuracy() >= 0.35, "accuracy without lower face " + masked.accuracy());
        assertTrue(masked.accuracy() < clean.accuracy() - 0.08, "the lower face must matter");
    }

    /** Accuracy and per-class recall of a softmax regression on 2×2-pooled pixels, rows from {@code maskFrom} black. */
    private record Evaluation(double accuracy, double[] recall) {
        static Evaluation of(byte[][] train, int[] trainLabels, byte[][] test, int[] testLabels, int maskFrom) {
            float[][] x = new float[train.length][];
            for (int i = 0; i < train.length; i++) {
                x[i] = pooledFeatures(train[i], maskFrom);
            }
            SoftmaxRegression model = SoftmaxRegression.fit(x, trainLabels, Emotion.COUNT, 150, 0.05f, 0.01f);
            int[] hits = new int[Emotion.COUNT];
            int[] totals = new int[Emotion.COUNT];
            for (int i = 0; i < test.length; i++) {
                totals[testLabels[i]]++;
                if (model.predict(pooledFeatures(test[i], maskFrom)) == testLabels[i]) {
                    hits[testLabels[i]]++;
                }
            }
            double[] recall = new double[Emotion.COUNT];
            for (int c = 0; c < Emotion.COUNT; c++) {
                recall[c] = hits[c] / (double) totals[c];
            }
            return new Evaluation(java.util.Arrays.stream(hits).sum() / (double) test.length, recall);
        }

        double recall(Emotion emotion) {
            return recall[emotion.index()];
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "accuracy=%.3f", accuracy));
            for (Emotion emotion : Emotion.values()) {
                text.append(String.format(Locale.ROOT, " %s=%.3f", emotion.label(), recall(emotion)));
            }
            return text.toString();
        }

        /** 24×24 features: each the mean of a 2×2 block, scaled to 0–1; rows at or below {@code maskFrom} are 0. */
        private static float[] pooledFeatures(byte[] pixels, int maskFrom) {
            int side = FaceImage.SIDE / 2;
            float[] features = new float[side * side];
            for (int y = 0; y < Math.min(maskFrom, FaceImage.SIDE); y++) {
                for (int x = 0; x < FaceImage.SIDE; x++) {
                    features[(y / 2) * side + x / 2] += (pixels[y * FaceImage.SIDE + x] & 0xFF) / (4 * 255f);
                }
            }
            return features;
        }
    }
}
