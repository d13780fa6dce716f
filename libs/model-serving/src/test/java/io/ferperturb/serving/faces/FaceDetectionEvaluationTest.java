package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Recall and precision of both detectors on the hand-labelled real photos (faces/labels.json), a detection
 * matching a face at IoU ≥ 0.5. The floors are the measured figures (tools/bench/RESULTS.md, "Face detection")
 * rounded down, so a change that loses faces or adds false boxes fails here.
 */
class FaceDetectionEvaluationTest {
    static final double MIN_IOU = 0.5;

    @Test
    void blazeFaceFindsAtLeast95PercentOfTheFacesWithAtLeast90PercentPrecision() {
        DetectionScore score = BlazeFaceDetectorTest.PHOTOS.score(BlazeFaceDetectorTest.DETECTOR, MIN_IOU);
        assertTrue(score.recall() >= 0.95 && score.precision() >= 0.9, score.toString());
    }

    @Test
    void haarFindsMostFrontalFaces() {
        DetectionScore score = BlazeFaceDetectorTest.PHOTOS.score(new HaarFaceDetector(), MIN_IOU);
        assertTrue(score.recall() >= 0.6 && score.precision() >= 0.7, score.toString());
    }


    static Path folder() {
        try {
            return Path.of(FaceDetectionEvaluationTest.class.getResource("/faces/" + LabelledPhotos.LABELS).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
