package io.ferperturb.serving.faces;

import io.ferperturb.serving.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Faces in a photo. Implementations are thread-safe, so one instance serves every request. */
public interface FaceDetector {

    /** The faces found, largest first, in the photo's own coordinates; empty when there is none. */
    List<FaceBox> detect(BufferedImage image);

    /** The detectors a request may choose ({@code detector=}). */
    enum Kind {
        /** OpenCV's Haar cascade: frontal faces, fast, misses tilted and turned faces. */
        HAAR,
        /** MediaPipe's BlazeFace network: frontal to three-quarter faces, small ones too. */
        BLAZEFACE;

        /** {@code haar} or {@code blazeface}, any case; null or blank means {@code fallback}. */
        public static Kind parse(String value, Kind fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("detector must be " + names() + ", not '" + value + "'");
            }
        }

        /** The name a request or the configuration uses. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        private static String names() {
            return Arrays.stream(values()).map(k -> "'" + k.id() + "'").collect(Collectors.joining(" or "));
        }
    }
}
