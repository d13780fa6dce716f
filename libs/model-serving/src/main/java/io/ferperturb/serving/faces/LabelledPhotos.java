package io.ferperturb.serving.faces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Photos with their faces marked by hand: a folder holding the photos and {@code labels.json}, whose
 * {@code photos} object maps each file name to its faces as {@code [x, y, width, height]} boxes.
 */
public record LabelledPhotos(Path folder, List<Photo> photos) {
    public static final String LABELS = "labels.json";

    /** One photo and the faces in it. */
    public record Photo(String file, List<FaceBox> faces) {
        public BufferedImage read(Path folder) {
            try {
                BufferedImage image = ImageIO.read(folder.resolve(file).toFile());
                if (image == null) {
                    throw new IllegalArgumentException(file + " is not an image ImageIO reads");
                }
                return image;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static LabelledPhotos read(Path folder) {
        try {
            JsonNode photos = new ObjectMapper().readTree(Files.readString(folder.resolve(LABELS))).required("photos");
            List<Photo> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = photos.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                List<FaceBox> faces = new ArrayList<>();
                for (JsonNode box : entry.getValue()) {
                    faces.add(new FaceBox(box.get(0).asInt(), box.get(1).asInt(), box.get(2).asInt(), box.get(3).asInt(), 0));
                }
                out.add(new Photo(entry.getKey(), List.copyOf(faces)));
            }
            return new LabelledPhotos(folder, List.copyOf(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.resolve(LABELS), e);
        }
    }

    public int faceCount() {
        return photos.stream().mapToInt(p -> p.faces().size()).sum();
    }

    /** {@code detector}'s score over every photo (see {@link DetectionScore#of}). */
    public DetectionScore score(FaceDetector detector, double minIoU) {
        return score(photos.stream().map(p -> detector.detect(p.read(folder))).toList(), minIoU);
    }

    /** The score of detections made already, one list per photo in {@link #photos}'s order. */
    public DetectionScore score(List<List<FaceBox>> detections, double minIoU) {
        DetectionScore total = DetectionScore.NONE;
        for (int i = 0; i < photos.size(); i++) {
            total = total.plus(DetectionScore.of(photos.get(i).faces(), detections.get(i), minIoU));
        }
        return total;
    }
}
