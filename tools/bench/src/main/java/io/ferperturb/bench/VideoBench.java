package io.ferperturb.bench;

import io.ferperturb.inference.predict.DynamicBatcher;
import io.ferperturb.inference.predict.ModelSelection;
import io.ferperturb.inference.predict.ModelSource;
import io.ferperturb.inference.predict.PredictionPipeline;
import io.ferperturb.inference.video.VideoAnalysis;
import io.ferperturb.inference.video.VideoLimits;
import io.ferperturb.inference.video.VideoWriter;
import io.ferperturb.domain.data.ImageDecoder;
import io.ferperturb.serving.ServingModel;
import io.ferperturb.serving.faces.BlazeFaceDetector;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.HaarFaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.ferperturb.synthetic.MovingFaces;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * {@code ./run.sh bench video [--detector haar] [--frames 150] [--fps 25] [--model cnn] [--rounds 3] [--keep FILE]}:
 * a 640×480 MP4 clip of two real faces (the astronaut portrait of the detector's tests, placed at moving
 * positions) analysed by the inference-service's video path ({@link VideoAnalysis}: FFmpeg decoding, Haar faces,
 * the tracker, forward passes through the {@link DynamicBatcher} with faces batched across frames, smoothing), every
 * frame sampled. Ends with {@code video_frames_per_s} (sampled frames per second of wall time, the median round).
 * {@code reference/video_reference.py} runs the same clip (written with {@code --keep}) through OpenCV and PyTorch
 * frame by frame.
 */
public final class VideoBench {
    static final Path ASTRONAUT = Path.of("libs/model-serving/src/test/resources/faces/astronaut.jpg");

    private VideoBench() {
    }

    public static void main(String[] argv) throws Exception {
        // libtorch is slow on the JVM's main thread (see InferBench): the analysis runs on a thread of its own
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "video-bench"));
        try {
            runner.submit(() -> {
                run(argv);
                return null;
            }).get();
        } finally {
            runner.shutdown();
        }
        System.exit(0);
    }

    private static void run(String[] argv) throws Exception {
        FaceDetector.Kind detector = FaceDetector.Kind.parse(TrainBench.option(argv, "--detector", "haar"), null);
        int frames = Integer.parseInt(TrainBench.option(argv, "--frames", "150"));
        double fps = Double.parseDouble(TrainBench.option(argv, "--fps", "25"));
        String architecture = TrainBench.option(argv, "--model", "cnn");
        int rounds = Integer.parseInt(TrainBench.option(argv, "--rounds", "3"));
        String keep = TrainBench.option(argv, "--keep", null);

        Path clip = keep != null ? Path.of(keep) : Files.createTempFile("video-bench", ".mp4");
        writeClip(clip, frames, fps);
        ServingModel model = InferBench.freshModel(architecture);
        DynamicBatcher batcher = new DynamicBatcher(32, 5, 1, 0, 4096, (size, wait) -> { });
        FaceFinder finder = new FaceFinder(Map.of(FaceDetector.Kind.HAAR, new HaarFaceDetector(),
                FaceDetector.Kind.BLAZEFACE, new BlazeFaceDetector()), detector);
        PredictionPipeline pipeline = new PredictionPipeline(ModelSource.only(model), new ImageDecoder(40_000_000L),
                finder, 64, batcher, card -> {
                    throw new IllegalStateException("no tta in the benchmark");
                }, faces -> { });
        ModelSelection selection = ModelSelection.single(model.acquire());
        ExecutorService detection = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        VideoAnalysis analysis = new VideoAnalysis(finder, detector, detection,
                faces -> pipeline.logitsOfFaces(selection, faces, false), model.card().classes(),
                new VideoAnalysis.Settings(64, 32, 0.3, 5, 0.4));
        VideoLimits limits = new VideoLimits(Long.MAX_VALUE, 3600, 1920, 1080, 1_000_000, fps, 120);
        analysis.run(clip, fps, limits, done -> { }); // warm-up: JIT, libtorch, FFmpeg
        double[] rates = new double[rounds];
        int faces = 0;
        int tracks = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            VideoAnalysis.Result result = analysis.run(clip, fps, limits, done -> { });
            rates[r] = result.frames().size() / ((System.nanoTime() - t0) / 1e9);
            faces = result.frames().stream().mapToInt(f -> f.faces().size()).sum();
            tracks = result.tracks().size();
            System.out.printf(Locale.ROOT, "round %d: %d frames, %d faces, %d tracks, %.1f frames/s%n", r + 1,
                    result.frames().size(), faces, tracks, rates[r]);
        }
        selection.close();
        batcher.close();
        detection.shutdown();
        if (keep == null) {
            Files.delete(clip);
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "clip=640x480 frames=%d fps=%.0f model=%s detector=%s faces=%d tracks=%d%n",
                frames, fps, architecture, detector.id(), faces, tracks);
        System.out.printf(Locale.ROOT, "video_frames_per_s=%.1f%n", rates[rounds / 2]);
    }

    /** Two astronaut heads gliding across a 640×480 backdrop, as the tests' clip. */
    static void writeClip(Path file, int frames, double fps) throws Exception {
        BufferedImage head = ImageIO.read(ASTRONAUT.toFile()).getSubimage(120, 10, 210, 210);
        MovingFaces clip = new MovingFaces(640, 480, List.of(new MovingFaces.Mover(head, 200, 20, 60, 250.0 / frames,
                100.0 / frames), new MovingFaces.Mover(head, 180, 430, 220, -250.0 / frames, -100.0 / frames)));
        try (VideoWriter writer = new VideoWriter(file, 640, 480, fps)) {
            for (int i = 0; i < frames; i++) {
                writer.write(clip.frame(i));
            }
        }
    }
}
