package io.ferperturb.serving.faces;

import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.serving.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The faces of an image as model-ready 48×48 crops. {@code none}, or an image no larger than
 * {@value #SMALL_SIDE} px a side (already a face crop, like FER2013's), is one face; {@code auto} runs the
 * detector the request chose, or the default one. Every crop goes through {@link FacePreprocessing#toFace}, the code path training uses.
 */
public final class FaceFinder {
    public static final int SMALL_SIDE = 64;

    private final Map<FaceDetector.Kind, FaceDetector> detectors;
    private final FaceDetector.Kind defaultKind;

    /** {@code detectors}: every kind a request may choose; {@code defaultKind}: the one used when it chooses none. */
    public FaceFinder(Map<FaceDetector.Kind, FaceDetector> detectors, FaceDetector.Kind defaultKind) {
        if (!detectors.containsKey(defaultKind)) {
            throw new IllegalArgumentException("the default face detector " + defaultKind.id() + " is not among "
                    + detectors.keySet());
        }
        this.detectors = new EnumMap<>(detectors);
        this.defaultKind = defaultKind;
    }

    /** One detector for every request. */
    public FaceFinder(FaceDetector.Kind kind, FaceDetector detector) {
        this(Map.of(kind, detector), kind);
    }

    /** The detector used when a request names none. */
    public FaceDetector.Kind defaultKind() {
        return defaultKind;
    }

    /** {@code faces=} of a request. */
    public enum Mode {
        AUTO, NONE;

        /** Null or blank means {@code auto}. */
        public static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("faces must be 'auto' (detect faces) or 'none' (the whole image is "
                        + "one face), not '" + value + "'");
            }
        }
    }

    /** One face: where it is and its 2,304 grey pixels. */
    public record Face(FaceBox box, byte[] pixels) {
    }

    public List<Face> faces(BufferedImage image, Mode mode) {
        return faces(image, mode, null);
    }

    /** {@code kind}: the detector; null for the default one. */
    public List<Face> faces(BufferedImage image, Mode mode, FaceDetector.Kind kind) {
        return boxes(image, mode, kind).stream().map(b -> new Face(b, crop(image, b))).toList();
    }

    public List<FaceBox> boxes(BufferedImage image, Mode mode) {
        return boxes(image, mode, null);
    }

    public List<FaceBox> boxes(BufferedImage image, Mode mode, FaceDetector.Kind kind) {
        boolean small = image.getWidth() <= SMALL_SIDE && image.getHeight() <= SMALL_SIDE;
        if (mode == Mode.NONE || small) {
            return List.of(FaceBox.whole(image.getWidth(), image.getHeight()));
        }
        FaceDetector detector = detectors.get(kind == null ? defaultKind : kind);
        if (detector == null) {
            throw new InvalidRequestException("this server does not run the " + kind.id() + " face detector; it runs "
                    + detectors.keySet().stream().map(FaceDetector.Kind::id).toList());
        }
        return detector.detect(image);
    }

    /** The box's pixels as a model-ready face. */
    public static byte[] crop(BufferedImage image, FaceBox box) {
        boolean whole = box.x() == 0 && box.y() == 0 && box.width() == image.getWidth() && box.height() == image.getHeight();
        return FacePreprocessing.toFace(whole ? image : image.getSubimage(box.x(), box.y(), box.width(), box.height()));
    }
}
