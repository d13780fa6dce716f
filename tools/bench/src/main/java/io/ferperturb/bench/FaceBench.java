package io.ferperturb.bench;

import io.ferperturb.serving.faces.BlazeFaceDetector;
import io.ferperturb.serving.faces.DetectionScore;
import io.ferperturb.serving.faces.FaceBox;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.HaarFaceDetector;
import io.ferperturb.serving.faces.LabelledPhotos;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./run.sh bench faces [--photos DIR] [--reps 3]}: both face detectors, as the inference-service configures
 * them by default, on hand-labelled photos ({@code DIR/labels.json}): recall and precision with a detection
 * matching a face at IoU ≥ 0.5 (and ≥ 0.4), and the mean time per photo over {@code reps} passes after one warm-up
 * pass (decoded photos in memory; one thread).
 */
public final class FaceBench {
    private FaceBench() {
    }

    public static void main(String[] argv) {
        LabelledPhotos photos = LabelledPhotos.read(
                Path.of(TrainBench.option(argv, "--photos", "libs/model-serving/src/test/resources/faces")));
        int reps = Integer.parseInt(TrainBench.option(argv, "--reps", "3"));
        List<BufferedImage> images = photos.photos().stream().map(p -> p.read(photos.folder())).toList();
        System.out.printf(Locale.ROOT, "%d photos, %d faces%n", images.size(), photos.faceCount());
        for (Map.Entry<String, FaceDetector> d : List.of(Map.entry("haar", (FaceDetector) new HaarFaceDetector()),
                Map.entry("blazeface", (FaceDetector) new BlazeFaceDetector()))) {
            String name = d.getKey();
            FaceDetector detector = d.getValue();
            List<List<FaceBox>> found = images.stream().map(detector::detect).toList(); // also the warm-up pass
            long total = 0;
            for (int i = 0; i < images.size(); i++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < reps; r++) {
                    detector.detect(images.get(i));
                }
                long nanos = (System.nanoTime() - t0) / reps;
                total += nanos;
                BufferedImage image = images.get(i);
                System.out.printf(Locale.ROOT, "%s %s %dx%d: %d faces found, %.0f ms%n", name,
                        photos.photos().get(i).file(), image.getWidth(), image.getHeight(), found.get(i).size(), nanos / 1e6);
            }
            double msPerPhoto = total / 1e6 / images.size();
            for (double iou : new double[] {0.5, 0.4}) {
                DetectionScore score = photos.score(found, iou);
                String key = name + (iou == 0.5 ? "" : "_iou04");
                System.out.printf(Locale.ROOT, "%s_found=%d%n%s_false_boxes=%d%n%s_missed=%d%n%s_recall=%.3f%n"
                        + "%s_precision=%.3f%n", key, score.found(), key, score.falseBoxes(), key, score.missed(), key,
                        score.recall(), key, score.precision());
            }
            System.out.printf(Locale.ROOT, "%s_ms_per_photo=%.0f%n", name, msPerPhoto);
        }
    }
}
