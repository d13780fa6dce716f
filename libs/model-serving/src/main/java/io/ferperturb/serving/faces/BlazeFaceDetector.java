package io.ferperturb.serving.faces;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Faces with MediaPipe's BlazeFace network (the 256 × 256 "back camera" model, made for faces that are small in
 * the frame, as in group photos), run by onnxruntime. The model comes from the npm package that the build fetches
 * (see the module's NOTICE.md) and sits on the class path. What MediaPipe's face detection graph does around the
 * network is done here the same way: the photo is letterboxed into the square input (aspect ratio kept, padding
 * on both sides), pixels scaled to [-1, 1], the 896 SSD anchors decoded, boxes taken back through the letterbox
 * to the photo and merged by weighted non-maximum suppression. Faces smaller than about 1/16 of the input side
 * escape the network, so a large photo is also run as overlapping square tiles and all boxes are merged together.
 * Thread-safe: an onnxruntime session may run on many threads at once.
 */
public final class BlazeFaceDetector implements FaceDetector, AutoCloseable {
    static final String MODEL = "/io/ferperturb/serving/faces/blazeface/ONNX/face_detection_back_256x256_barracuda.onnx";
    static final int SIDE = 256;
    /** Anchor layers of the back model, as in MediaPipe's face_detection_back graph. */
    private static final SsdAnchors ANCHORS = new SsdAnchors(SIDE, 16, 32, 32, 32);
    /** Numbers per anchor: box centre and size, then six key points. */
    private static final int COORDS = 16;

    private final Settings settings;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;

    /**
     * @param minScore   face probability a box needs
     * @param minIoU     IoU above which boxes are one face
     * @param tileSide   side of the tiles a photo is also cut into, in input sides of the network: a photo up to
     *                   this many times 256 px long, or less than 256 px wide, is run whole only; 0: never tile
     */
    public record Settings(double minScore, double minIoU, double tileSide) {
        public static final Settings DEFAULT = new Settings(0.65, 0.3, 3);
    }

    public BlazeFaceDetector() {
        this(Settings.DEFAULT);
    }

    public BlazeFaceDetector(Settings settings) {
        this.settings = settings;
        // one onnxruntime environment per process: DJL's engine (user-supplied ONNX models) creates it with its own
        // threading options and fails if it exists already, so DJL goes first and this detector shares it
        Engine.getEngine("OnnxRuntime");
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            this.session = env.createSession(model(), options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalStateException("onnxruntime could not load the BlazeFace model: " + e.getMessage(), e);
        }
    }

    private static byte[] model() {
        try (InputStream in = BlazeFaceDetector.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("the BlazeFace model " + MODEL + " is not on the class path: the "
                        + "model-serving build fetches it (generate-resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<FaceBox> detect(BufferedImage image) {
        List<WeightedNms.Candidate> found = new ArrayList<>();
        try (Mat rgb = OpenCvImages.bgr(image)) {
            cvtColor(rgb, rgb, COLOR_BGR2RGB);
            for (Rect region : regions(image.getWidth(), image.getHeight())) {
                found.addAll(detectIn(rgb, region));
                region.close();
            }
        }
        return WeightedNms.merge(found, settings.minIoU()).stream()
                .map(c -> toBox(c, image.getWidth(), image.getHeight()))
                .filter(b -> b.width() > 0 && b.height() > 0)
                .sorted(Comparator.comparingLong(FaceBox::area).reversed())
                .toList();
    }

    /** The whole photo, and overlapping square tiles when it is large for the network. */
    List<Rect> regions(int width, int height) {
        List<Rect> regions = new ArrayList<>();
        regions.add(new Rect(0, 0, width, height));
        int tile = (int) Math.round(settings.tileSide() * SIDE);
        int side = Math.min(tile, Math.min(width, height));
        if (tile <= 0 || Math.max(width, height) <= tile || side < SIDE) {
            return regions; // small for the network already, or a strip too thin for tiles
        }
        for (int y : starts(height, side)) {
            for (int x : starts(width, side)) {
                regions.add(new Rect(x, y, side, side));
            }
        }
        return regions;
    }

    /** Tile origins along one axis: evenly spread, neighbours overlapping by at least a quarter tile. */
    private static int[] starts(int length, int side) {
        int count = length <= side ? 1 : (int) Math.ceil((length - side) / (side * 0.75)) + 1;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = count == 1 ? 0 : (int) Math.round(i * (length - side) / (double) (count - 1));
        }
        return starts;
    }

    /** Faces in one region of the photo, in the photo's pixels. */
    private List<WeightedNms.Candidate> detectIn(Mat rgb, Rect region) {
        double scale = SIDE / (double) Math.max(region.width(), region.height());
        int w = Math.max(1, (int) Math.round(region.width() * scale));
        int h = Math.max(1, (int) Math.round(region.height() * scale));
        int padX = (SIDE - w) / 2;
        int padY = (SIDE - h) / 2;
        float[] pixels = new float[SIDE * SIDE * 3]; // the letterbox's padding stays 0
        try (Mat crop = new Mat(rgb, region); Mat small = new Mat()) {
            resize(crop, small, new Size(w, h), 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
            try (UByteIndexer px = small.createIndexer()) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int o = ((y + padY) * SIDE + x + padX) * 3;
                        for (int c = 0; c < 3; c++) {
                            pixels[o + c] = px.get(y, x, c) / 127.5f - 1f;
                        }
                    }
                }
            }
        }
        float[][] scores;
        float[][] boxes;
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {1, SIDE, SIDE, 3});
                OrtSession.Result out = session.run(Map.of(input, tensor))) {
            // outputs: scores of the 16×16 grid, of the 8×8 grid, then their boxes
            scores = new float[][] {flat(out, "Identity:0"), flat(out, "Identity_1:0")};
            boxes = new float[][] {flat(out, "Identity_2:0"), flat(out, "Identity_3:0")};
        } catch (OrtException e) {
            throw new IllegalStateException("BlazeFace failed on a photo: " + e.getMessage(), e);
        }
        List<WeightedNms.Candidate> found = new ArrayList<>();
        int anchor = 0;
        for (int part = 0; part < 2; part++) {
            for (int i = 0; i < scores[part].length; i++, anchor++) {
                double score = sigmoid(scores[part][i]);
                if (score < settings.minScore()) {
                    continue;
                }
                float[] b = boxes[part];
                // offsets and sizes are in input pixels; anchors are 1 × 1 in input sides
                double cx = ANCHORS.x(anchor) * SIDE + b[i * COORDS];
                double cy = ANCHORS.y(anchor) * SIDE + b[i * COORDS + 1];
                double bw = b[i * COORDS + 2];
                double bh = b[i * COORDS + 3];
                found.add(new WeightedNms.Candidate(
                        region.x() + (cx - bw / 2 - padX) / scale, region.y() + (cy - bh / 2 - padY) / scale,
                        region.x() + (cx + bw / 2 - padX) / scale, region.y() + (cy + bh / 2 - padY) / scale, score));
            }
        }
        return found;
    }

    private static float[] flat(OrtSession.Result out, String name) {
        FloatBuffer values = ((OnnxTensor) out.get(name).orElseThrow(
                () -> new IllegalStateException("the BlazeFace model has no output " + name))).getFloatBuffer();
        float[] flat = new float[values.remaining()];
        values.get(flat);
        return flat;
    }

    private static double sigmoid(float logit) {
        double clipped = Math.max(-100, Math.min(100, logit)); // MediaPipe's score_clipping_thresh
        return 1 / (1 + Math.exp(-clipped));
    }

    private static FaceBox toBox(WeightedNms.Candidate c, int width, int height) {
        int x0 = (int) Math.round(Math.max(0, c.x0()));
        int y0 = (int) Math.round(Math.max(0, c.y0()));
        int x1 = (int) Math.round(Math.min(width, c.x1()));
        int y1 = (int) Math.round(Math.min(height, c.y1()));
        return new FaceBox(x0, y0, x1 - x0, y1 - y0, c.score());
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
