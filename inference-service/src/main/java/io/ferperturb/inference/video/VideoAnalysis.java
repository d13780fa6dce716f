package io.ferperturb.inference.video;

import io.ferperturb.domain.metrics.ClassificationMetrics;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.serving.faces.FaceBox;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A video to its timeline: sample frames ({@link VideoFile#sample}), find faces in each (several frames at once on
 * the detection executor, each frame on one thread, so detection keeps every core busy without OpenCV's per-scale
 * hand-offs between threads), follow them in frame order with a {@link FaceTracker}, classify the faces of several
 * frames together (a forward pass per {@code batchFaces} faces, sent while the next frames are decoded), then
 * smooth each track's probabilities in frame order and sum each track up. Plain Java, so the benchmark runs this
 * very path.
 */
public final class VideoAnalysis {
    static final long ANSWER_TIMEOUT_S = 120;
    /** Batches sent and not yet answered before decoding waits: bounds the faces held in memory. */
    private static final int MAX_IN_FLIGHT = 4;
    /** Frames decoded and not yet through the tracker before decoding waits: bounds the frames held in memory. */
    private static final int MAX_FRAMES_AHEAD = 4;

    /**
     * @param maxFacesPerFrame the largest faces of a frame that are classified
     * @param batchFaces       faces gathered before they are sent for classification
     */
    public record Settings(int maxFacesPerFrame, int batchFaces, double trackMinIou, int trackMaxMissedFrames,
            double smoothingAlpha) {
    }

    /** Frames and track summaries; the caller adds what model and video they belong to. */
    public record Result(List<Timeline.FrameFaces> frames, List<Timeline.TrackSummary> tracks) {
    }

    /** A sampled frame's faces before classification. */
    private record Sampled(int index, double timeS, List<FaceBox> boxes, int[] tracks) {
    }

    /** A sampled frame's faces as found, before the tracker. */
    private record Found(int index, double timeS, List<FaceBox> boxes, List<byte[]> faces) {
    }

    /** Frames whose faces were sent together, and the answer. */
    private record Batch(List<Sampled> frames, CompletableFuture<float[][]> logits) {
    }

    private final FaceFinder finder;
    private final FaceDetector.Kind detector;
    private final Executor detection;
    private final Function<byte[][], CompletableFuture<float[][]>> classifier;
    private final List<String> classes;
    private final Settings settings;

    /**
     * @param detection  runs the finding of a frame's faces; several frames may be found at once
     * @param classifier logits of model-ready 48×48 faces, one row per face, in {@code classes} order
     */
    public VideoAnalysis(FaceFinder finder, FaceDetector.Kind detector, Executor detection,
            Function<byte[][], CompletableFuture<float[][]>> classifier, List<String> classes, Settings settings) {
        this.finder = finder;
        this.detector = detector;
        this.detection = detection;
        this.classifier = classifier;
        this.classes = List.copyOf(classes);
        this.settings = settings;
    }

    /** @param framesDone told the count of sampled frames whose faces are classified, as it grows */
    public Result run(Path video, double fps, VideoLimits limits, IntConsumer framesDone) {
        FaceTracker tracker = new FaceTracker(settings.trackMinIou(), settings.trackMaxMissedFrames());
        Deque<Batch> inFlight = new ArrayDeque<>();
        List<float[]> logits = new ArrayList<>();
        List<Sampled> done = new ArrayList<>();
        List<Sampled> gathering = new ArrayList<>();
        List<byte[]> faces = new ArrayList<>();
        Deque<CompletableFuture<Found>> detecting = new ArrayDeque<>();
        Runnable track = () -> {
            Found found = await(detecting.poll());
            faces.addAll(found.faces());
            gathering.add(new Sampled(found.index(), found.timeS(), found.boxes(), tracker.update(found.boxes())));
            if (faces.size() >= settings.batchFaces()) {
                inFlight.add(send(gathering, faces));
                while (inFlight.size() > MAX_IN_FLIGHT || (!inFlight.isEmpty() && inFlight.peek().logits().isDone())) {
                    collect(inFlight.poll(), done, logits, framesDone);
                }
            }
        };
        VideoFile.sample(video, fps, limits, (index, timeS, image) -> {
            BufferedImage frame = copy(image); // the decoder reuses its image for the next frame
            detecting.add(CompletableFuture.supplyAsync(() -> find(index, timeS, frame), detection));
            while (detecting.size() > MAX_FRAMES_AHEAD) {
                track.run();
            }
        });
        while (!detecting.isEmpty()) {
            track.run();
        }
        if (!gathering.isEmpty()) {
            inFlight.add(send(gathering, faces));
        }
        while (!inFlight.isEmpty()) {
            collect(inFlight.poll(), done, logits, framesDone);
        }
        return assemble(done, logits);
    }

    /** The frame's largest faces, cropped. */
    private Found find(int index, double timeS, BufferedImage image) {
        List<FaceBox> boxes = finder.boxes(image, FaceFinder.Mode.AUTO, detector);
        if (boxes.size() > settings.maxFacesPerFrame()) {
            boxes = boxes.subList(0, settings.maxFacesPerFrame()); // largest first
        }
        List<byte[]> faces = new ArrayList<>(boxes.size());
        for (FaceBox box : boxes) {
            faces.add(FaceFinder.crop(image, box));
        }
        return new Found(index, timeS, List.copyOf(boxes), faces);
    }

    private static BufferedImage copy(BufferedImage image) {
        return new BufferedImage(image.getColorModel(), image.copyData(null), image.isAlphaPremultiplied(), null);
    }

    private Batch send(List<Sampled> frames, List<byte[]> faces) {
        Batch batch = new Batch(List.copyOf(frames), faces.isEmpty()
                ? CompletableFuture.completedFuture(new float[0][])
                : classifier.apply(faces.toArray(byte[][]::new)));
        frames.clear();
        faces.clear();
        return batch;
    }

    private static void collect(Batch batch, List<Sampled> done, List<float[]> logits, IntConsumer framesDone) {
        logits.addAll(List.of(await(batch.logits())));
        done.addAll(batch.frames());
        framesDone.accept(done.size());
    }

    /** Probabilities, smoothing in frame order, and each track's summary. */
    private Result assemble(List<Sampled> sampled, List<float[]> logits) {
        EmotionSmoother smoother = new EmotionSmoother(settings.smoothingAlpha());
        Map<Integer, TrackTally> tallies = new LinkedHashMap<>();
        List<Timeline.FrameFaces> frames = new ArrayList<>(sampled.size());
        int row = 0;
        for (Sampled s : sampled) {
            List<Timeline.TrackedFace> faces = new ArrayList<>(s.boxes().size());
            for (int f = 0; f < s.boxes().size(); f++) {
                float[] probabilities = logits.get(row++).clone();
                EmotionClassifier.softmaxInPlace(probabilities);
                double[] smoothed = smoother.next(s.tracks()[f], probabilities);
                String smoothedEmotion = classes.get(argmax(smoothed));
                faces.add(new Timeline.TrackedFace(s.tracks()[f], s.boxes().get(f).toArray(),
                        classes.get(ClassificationMetrics.argmax(probabilities, 0, probabilities.length)),
                        byClass(probabilities), smoothedEmotion, byClass(smoothed)));
                tallies.computeIfAbsent(s.tracks()[f], id -> new TrackTally(s.timeS())).add(s.timeS(), smoothedEmotion);
            }
            frames.add(new Timeline.FrameFaces(s.index(), s.timeS(), faces));
        }
        List<Timeline.TrackSummary> tracks = new ArrayList<>();
        tallies.forEach((id, tally) -> tracks.add(tally.summary(id, classes)));
        return new Result(frames, tracks);
    }

    /** A track's frames counted by smoothed emotion. */
    private static final class TrackTally {
        final double first;
        double last;
        int frames;
        final Map<String, Integer> counts = new LinkedHashMap<>();

        TrackTally(double first) {
            this.first = first;
        }

        void add(double timeS, String emotion) {
            last = timeS;
            frames++;
            counts.merge(emotion, 1, Integer::sum);
        }

        Timeline.TrackSummary summary(int id, List<String> classes) {
            Map<String, Double> shares = new LinkedHashMap<>();
            String dominant = classes.get(0);
            for (String c : classes) {
                shares.put(c, counts.getOrDefault(c, 0) / (double) frames);
                dominant = counts.getOrDefault(c, 0) > counts.getOrDefault(dominant, 0) ? c : dominant;
            }
            return new Timeline.TrackSummary(id, first, last, frames, dominant, shares);
        }
    }

    private Map<String, Double> byClass(float[] values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            out.put(classes.get(c), (double) values[c]);
        }
        return out;
    }

    private Map<String, Double> byClass(double[] values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            out.put(classes.get(c), values[c]);
        }
        return out;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static <T> T await(CompletableFuture<T> answer) {
        try {
            return answer.get(ANSWER_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for faces or a forward pass", e);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no face detection or forward pass answered within " + ANSWER_TIMEOUT_S
                    + " s", e);
        }
    }
}
