package io.ferperturb.serving.faces;

import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.serving.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The faces of an image as model-ready 48×48 crops. {@code none}, or an image no larger than
 * {@value #SMALL_SIDE} px a side (already a face crop, like FER2013's), is one face; {@code auto} runs the
 * detector. Every crop goes through {@link FacePreprocessing#toFace}, the code path training uses.
 */
public final class FaceFinder {
    public static final int SMALL_SIDE = 64;

    private final FaceDetector detector;

    public FaceFinder(FaceDetector detector) {
        this.detector = detector;
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
        return boxes(image, mode).stream().map(b -> new Face(b, crop(image, b))).toList();
    }

    public List<FaceBox> boxes(BufferedImage image, Mode mode) {
        boolean small = image.getWidth() <= SMALL_SIDE && image.getHeight() <= SMALL_SIDE;
        if (mode == Mode.NONE || small) {
            return List.of(FaceBox.whole(image.getWidth(), image.getHeight()));
        }
        return detector.detect(image);
    }

    /** The box's pixels as a model-ready face. */
    public static byte[] crop(BufferedImage image, FaceBox box) {
        boolean whole = box.x() == 0 && box.y() == 0 && box.width() == image.getWidth() && box.height() == image.getHeight();
        return FacePreprocessing.toFace(whole ? image : image.getSubimage(box.x(), box.y(), box.width(), box.height()));
    }
}
