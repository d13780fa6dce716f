package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferperturb.serving.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaceFinderTest {
    private static final HaarFaceDetector HAAR = new HaarFaceDetector();
    private final BufferedImage photo = BlazeFaceDetectorTest.photo("astronaut.jpg").read(BlazeFaceDetectorTest.PHOTOS.folder());

    @Test
    void aRequestGetsTheDetectorItNamesOrTheDefault() {
        FaceFinder finder = new FaceFinder(Map.of(FaceDetector.Kind.HAAR, HAAR,
                FaceDetector.Kind.BLAZEFACE, BlazeFaceDetectorTest.DETECTOR), FaceDetector.Kind.BLAZEFACE);
        List<FaceBox> neural = BlazeFaceDetectorTest.DETECTOR.detect(photo);
        List<FaceBox> cascade = HAAR.detect(photo);
        assertEquals(1, neural.size());
        assertEquals(neural, finder.boxes(photo, FaceFinder.Mode.AUTO));
        assertEquals(cascade, finder.boxes(photo, FaceFinder.Mode.AUTO, FaceDetector.Kind.HAAR));
        assertEquals(List.of(FaceBox.whole(512, 512)), finder.boxes(photo, FaceFinder.Mode.NONE, FaceDetector.Kind.HAAR));
    }

    @Test
    void anUnknownOrAbsentDetectorIsABadRequest() {
        assertEquals(FaceDetector.Kind.BLAZEFACE, FaceDetector.Kind.parse(" BlazeFace ", FaceDetector.Kind.HAAR));
        assertEquals(FaceDetector.Kind.HAAR, FaceDetector.Kind.parse("", FaceDetector.Kind.HAAR));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> FaceDetector.Kind.parse("yolo", null));
        assertEquals("detector must be 'haar' or 'blazeface', not 'yolo'", e.getMessage());
        FaceFinder haarOnly = new FaceFinder(FaceDetector.Kind.HAAR, HAAR);
        assertThrows(InvalidRequestException.class,
                () -> haarOnly.boxes(photo, FaceFinder.Mode.AUTO, FaceDetector.Kind.BLAZEFACE));
    }
}
