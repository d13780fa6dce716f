package io.ferperturb.inference.video;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.serving.InvalidRequestException;
import java.util.Locale;
import java.util.Objects;

/**
 * One video to analyse, as {@code POST /videos} asks.
 *
 * @param model     the model or ensemble that answers
 * @param fps       frames analysed per second of video
 * @param tta       sum the logits of each face's cluster-masked copies (perturbed models)
 * @param detector  the face detector's name
 * @param annotated also write a copy of the video with boxes and emotions drawn
 */
public record VideoRequest(ModelRef model, double fps, boolean tta, String detector, boolean annotated) {
    /** OpenCV's Haar cascade, what {@code /predict} uses. */
    public static final String HAAR = "haar";

    public VideoRequest {
        Objects.requireNonNull(model, "model");
        detector = detector == null || detector.isBlank() ? HAAR : detector.trim().toLowerCase(Locale.ROOT);
        if (!HAAR.equals(detector)) {
            throw new InvalidRequestException("detector must be 'haar' (OpenCV's frontal-face cascade), not '"
                    + detector + "'");
        }
    }
}
