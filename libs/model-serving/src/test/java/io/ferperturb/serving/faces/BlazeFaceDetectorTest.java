package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BlazeFace on the labelled real photos (see faces/SOURCES.md) and on inputs that are not photos of people. */
class BlazeFaceDetectorTest {
    static final BlazeFaceDetector DETECTOR = new BlazeFaceDetector();
    static final LabelledPhotos PHOTOS = LabelledPhotos.read(FaceDetectionEvaluationTest.folder());

    @Test
    void everyFaceOfTheGroupPhotosIsFoundWithinIoUOfItsLabel() {
        for (String file : List.of("sample1.jpg", "sample5.jpg", "sample6.jpg", "astronaut.jpg")) {
            LabelledPhotos.Photo photo = photo(file);
            List<FaceBox> found = DETECTOR.detect(photo.read(PHOTOS.folder()));
            assertEquals(new DetectionScore(photo.faces().size(), 0, 0), DetectionScore.of(photo.faces(), found, 0.5),
                    file + ": " + found);
        }
    }

    @Test
    void aPhotoWithoutPeopleOrAPlainImageHasNoFace() {
        assertEquals(List.of(), DETECTOR.detect(photo("coffee.jpg").read(PHOTOS.folder())));
        assertEquals(List.of(), DETECTOR.detect(plain(1000, 700)));
    }

    @Test
    void boxesComeBackThroughTheLetterboxWhateverTheAspectRatio() {
        BufferedImage astronaut = photo("astronaut.jpg").read(PHOTOS.folder());
        FaceBox alone = DETECTOR.detect(astronaut).get(0);
        // the same face pasted into a wide and into a tall canvas: the box moves with it and keeps its size
        for (int[] canvas : new int[][] {{1400, 600, 700, 40}, {560, 1300, 20, 650}}) {
            BufferedImage photo = plain(canvas[0], canvas[1]);
            Graphics2D g = photo.createGraphics();
            g.drawImage(astronaut, canvas[2], canvas[3], null);
            g.dispose();
            List<FaceBox> found = DETECTOR.detect(photo);
            assertEquals(1, found.size(), found.toString());
            FaceBox moved = new FaceBox(alone.x() + canvas[2], alone.y() + canvas[3], alone.width(), alone.height(), 0);
            assertTrue(moved.iou(found.get(0)) > 0.8, found.get(0) + " vs " + moved);
        }
    }

    @Test
    void tinyAndExtremeImagesAreAnsweredWithoutFaces() {
        assertEquals(List.of(), DETECTOR.detect(plain(1, 1)));
        assertEquals(List.of(), DETECTOR.detect(plain(3000, 2)));
        assertEquals(List.of(), DETECTOR.detect(plain(2, 3000)));
    }

    @Test
    void largePhotosAreAlsoRunAsOverlappingTiles() {
        assertEquals(1, DETECTOR.regions(768, 500).size(), "a photo up to 3 × 256 px long is run whole");
        List<org.bytedeco.opencv.opencv_core.Rect> regions = DETECTOR.regions(1920, 1280);
        assertEquals(1 + 2 * 3, regions.size()); // the whole photo, then 768-px tiles: 2 rows, 3 columns
        org.bytedeco.opencv.opencv_core.Rect last = regions.get(regions.size() - 1);
        assertEquals(1920, last.x() + last.width());
        assertEquals(1280, last.y() + last.height());
    }

    static LabelledPhotos.Photo photo(String file) {
        return PHOTOS.photos().stream().filter(p -> p.file().equals(file)).findFirst().orElseThrow();
    }

    static BufferedImage plain(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(205, 210, 200));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
