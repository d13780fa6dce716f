package io.ferperturb.serving.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.serving.InvalidRequestException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Detection on real photos shipped as test resources (scikit-image's sample data: {@code astronaut.jpg},
 * NASA, public domain; {@code coffee.jpg}, CC0) and on group pictures composed from them and from synthetic
 * faces. Each check states where the faces were drawn and requires one box per face, centred on it.
 */
class HaarFaceDetectorTest {
    /** Where the astronaut's face is in astronaut.jpg (512×512), measured once by eye. */
    private static final Rectangle ASTRONAUT_FACE = new Rectangle(170, 55, 110, 115);

    private static final HaarFaceDetector DETECTOR = new HaarFaceDetector();
    private final FaceFinder finder = new FaceFinder(FaceDetector.Kind.HAAR, DETECTOR);

    @Test
    void findsTheOneFaceInAPortrait() throws IOException {
        List<FaceBox> faces = DETECTOR.detect(resource("astronaut.jpg"));
        assertEquals(1, faces.size(), faces.toString());
        assertCentredIn(faces.get(0), ASTRONAUT_FACE);
    }

    @Test
    void aPhotoWithoutPeopleHasNoFace() throws IOException {
        assertEquals(List.of(), DETECTOR.detect(resource("coffee.jpg")));
        assertEquals(List.of(), DETECTOR.detect(blank(1000, 700)));
    }

    @Test
    void aGroupOfRealFacesGivesOneBoxPerFace() throws IOException {
        BufferedImage astronaut = resource("astronaut.jpg");
        BufferedImage head = astronaut.getSubimage(120, 10, 210, 210);
        int[][] places = {{40, 60, 210}, {330, 120, 160}, {560, 40, 300}, {950, 200, 120}};
        BufferedImage photo = blank(1200, 560);
        List<Rectangle> drawnFaces = new ArrayList<>();
        Graphics2D g = photo.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int[] p : places) {
            g.drawImage(head, p[0], p[1], p[2], p[2], null);
            double s = p[2] / 210.0; // the face's place inside the pasted head
            drawnFaces.add(new Rectangle(p[0] + (int) ((ASTRONAUT_FACE.x - 120) * s), p[1] + (int) ((ASTRONAUT_FACE.y - 10) * s),
                    (int) (ASTRONAUT_FACE.width * s), (int) (ASTRONAUT_FACE.height * s)));
        }
        g.dispose();
        assertOneBoxPerFace(DETECTOR.detect(photo), drawnFaces);
    }

    @Test
    void aGroupOfSyntheticFacesGivesOneBoxPerFace() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(7);
        BufferedImage photo = blank(1300, 500);
        List<Rectangle> drawn = new ArrayList<>();
        Graphics2D g = photo.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int[] sides = {240, 180, 300, 150};
        int x = 30;
        for (int i = 0; i < sides.length; i++) {
            Rectangle r = new Rectangle(x, 60 + i * 20, sides[i], sides[i]);
            g.drawImage(FacePreprocessing.toImage(generator.draw(Emotion.of(i + 2), i)), r.x, r.y, r.width, r.height, null);
            drawn.add(r);
            x += sides[i] + 60;
        }
        g.dispose();
        assertOneBoxPerFace(DETECTOR.detect(photo), drawn);
    }

    @Test
    void smallImagesAndFacesNoneAreOneFaceOfTheWholeImage() throws IOException {
        BufferedImage small = blank(64, 60);
        List<FaceFinder.Face> faces = finder.faces(small, FaceFinder.Mode.AUTO);
        assertEquals(1, faces.size());
        assertEquals(FaceBox.whole(64, 60), faces.get(0).box());
        assertEquals(FaceImage.PIXELS, faces.get(0).pixels().length);
        assertEquals(List.of(FaceBox.whole(1000, 700)), finder.boxes(blank(1000, 700), FaceFinder.Mode.NONE));
        assertEquals(List.of(), finder.boxes(blank(1000, 700), FaceFinder.Mode.AUTO));
    }

    @Test
    void aCropIsPreprocessedExactlyAsTrainingDoes() throws IOException {
        BufferedImage astronaut = resource("astronaut.jpg");
        FaceBox box = DETECTOR.detect(astronaut).get(0);
        byte[] expected = FacePreprocessing.toFace(astronaut.getSubimage(box.x(), box.y(), box.width(), box.height()));
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(FaceFinder.crop(astronaut, box)));
    }

    @Test
    void overlappingBoxesMergeIntoTheBestSupportedOne() {
        List<FaceBox> merged = DETECTOR.suppressOverlaps(List.of(new FaceBox(100, 100, 80, 80, 5),
                new FaceBox(110, 105, 80, 80, 9), new FaceBox(120, 120, 30, 30, 12), new FaceBox(400, 100, 50, 50, 3)));
        assertEquals(List.of(new FaceBox(110, 105, 80, 80, 9), new FaceBox(400, 100, 50, 50, 3)),
                merged.stream().filter(b -> b.score() != 12).toList());
        assertEquals(2, merged.size(), "a small box inside a face is the same face: " + merged);
    }

    @Test
    void anUnknownFacesModeIsABadRequest() {
        assertEquals(FaceFinder.Mode.NONE, FaceFinder.Mode.parse("none"));
        assertEquals(FaceFinder.Mode.AUTO, FaceFinder.Mode.parse(null));
        assertThrows(InvalidRequestException.class, () -> FaceFinder.Mode.parse("all"));
    }

    private static void assertOneBoxPerFace(List<FaceBox> boxes, List<Rectangle> faces) {
        assertEquals(faces.size(), boxes.size(), "boxes " + boxes + " for faces " + faces);
        for (Rectangle face : faces) {
            long hits = boxes.stream().filter(b -> centreOf(b, face)).count();
            assertEquals(1, hits, "face " + face + " should have exactly one box among " + boxes);
        }
    }

    private static void assertCentredIn(FaceBox box, Rectangle face) {
        assertTrue(centreOf(box, face), box + " is not centred on the face " + face);
    }

    private static boolean centreOf(FaceBox box, Rectangle face) {
        return face.contains(box.x() + box.width() / 2, box.y() + box.height() / 2);
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(205, 210, 200));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static BufferedImage resource(String name) throws IOException {
        try (InputStream in = HaarFaceDetectorTest.class.getResourceAsStream("/faces/" + name)) {
            return ImageIO.read(in);
        }
    }
}
