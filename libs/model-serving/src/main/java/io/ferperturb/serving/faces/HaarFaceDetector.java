package io.ferperturb.serving.faces;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal faces in a photo, with the Haar cascade that ships in the bytedeco OpenCV jar. Plain Java (no CDI)
 * so that every service can hold one. Three things the cascade's defaults get wrong are handled here:
 * photos are shrunk to at most {@code maxSide} pixels first (speed, and the cascade's windows are tuned for
 * small faces), the smallest face is a fraction of the photo rather than a fixed 30 px (fewer false boxes in
 * texture), and overlapping boxes are merged by non-maximum suppression, keeping the best-supported one.
 * No histogram equalisation: on photos with large plain areas (a wall, a studio backdrop) it flattens the
 * faces' contrast and the cascade then misses them (measured: 4 of 4 faces without, 0–2 with).
 * Thread-safe: OpenCV's classifier is not, so each thread gets its own.
 */
public final class HaarFaceDetector implements FaceDetector {
    static final String CASCADE = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml";

    private final Settings settings;
    private final String cascadePath;
    private final ThreadLocal<CascadeClassifier> cascades;

    /**
     * @param maxSide         longest side the photo is shrunk to before detection
     * @param minFaceFraction smallest face, as a fraction of the photo's shorter side
     * @param minNeighbours   windows that must agree on a face (higher: fewer, surer faces)
     * @param maxOverlap      IoU above which two boxes are one face
     */
    public record Settings(int maxSide, double minFaceFraction, int minNeighbours, double maxOverlap) {
        public static final Settings DEFAULT = new Settings(800, 0.06, 4, 0.3);
    }

    public HaarFaceDetector() {
        this(Settings.DEFAULT);
    }

    public HaarFaceDetector(Settings settings) {
        this.settings = settings;
        try {
            this.cascadePath = Loader.cacheResource(HaarFaceDetector.class, CASCADE).getAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("the face cascade is missing from the OpenCV jar", e);
        }
        this.cascades = ThreadLocal.withInitial(this::newCascade);
        newCascade().close(); // fail at construction, not on the first request
    }

    private CascadeClassifier newCascade() {
        CascadeClassifier cascade = new CascadeClassifier(cascadePath);
        if (cascade.empty()) {
            throw new IllegalStateException("OpenCV could not read the face cascade " + cascadePath);
        }
        return cascade;
    }

    @Override
    public List<FaceBox> detect(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        double scale = Math.min(1.0, settings.maxSide() / (double) Math.max(width, height));
        List<FaceBox> raw = new ArrayList<>();
        try (Mat grey = grey(image); Mat small = new Mat(); RectVector found = new RectVector();
                IntPointer support = new IntPointer()) {
            resize(grey, small, new Size(), scale, scale, INTER_AREA);
            int minSide = Math.max(20, (int) Math.round(Math.min(small.cols(), small.rows()) * settings.minFaceFraction()));
            cascades.get().detectMultiScale2(small, found, support, 1.1, settings.minNeighbours(), 0,
                    new Size(minSide, minSide), new Size());
            for (int i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                raw.add(toImage(r, scale, width, height, support.get(i)));
            }
        }
        return suppressOverlaps(raw);
    }

    private static FaceBox toImage(Rect r, double scale, int width, int height, int score) {
        int x = Math.max(0, (int) Math.round(r.x() / scale));
        int y = Math.max(0, (int) Math.round(r.y() / scale));
        int w = Math.min(width - x, (int) Math.round(r.width() / scale));
        int h = Math.min(height - y, (int) Math.round(r.height() / scale));
        return new FaceBox(x, y, w, h, score);
    }

    /**
     * Non-maximum suppression: of boxes that overlap, the best-supported survives; then a box lying mostly
     * inside a larger one (an eye or mouth taken for a face) goes.
     */
    List<FaceBox> suppressOverlaps(List<FaceBox> boxes) {
        List<FaceBox> byScore = new ArrayList<>(boxes);
        byScore.sort(Comparator.comparingDouble(FaceBox::score).thenComparingLong(FaceBox::area).reversed());
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox box : byScore) {
            if (kept.stream().noneMatch(k -> k.overlaps(box, settings.maxOverlap()))) {
                kept.add(box);
            }
        }
        kept.sort(Comparator.comparingLong(FaceBox::area).reversed());
        List<FaceBox> faces = new ArrayList<>();
        for (FaceBox box : kept) {
            if (faces.stream().noneMatch(larger -> larger.mostlyContains(box, 0.7))) {
                faces.add(box);
            }
        }
        return faces;
    }

    /** OpenCV's grey (BT.601) from any BufferedImage. */
    private static Mat grey(BufferedImage image) {
        Mat grey = new Mat();
        try (Mat colour = OpenCvImages.bgr(image)) {
            cvtColor(colour, grey, COLOR_BGR2GRAY);
        }
        return grey;
    }
}
