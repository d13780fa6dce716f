package io.ferperturb.inference.video;

import io.ferperturb.domain.ModelRef;
import io.ferperturb.serving.faces.FaceDetector;
import java.util.Objects;

/**
 * One video to analyse, as {@code POST /videos} asks.
 *
 * @param model     the model or ensemble that answers
 * @param fps       frames analysed per second of video
 * @param tta       sum the logits of each face's cluster-masked copies (perturbed models)
 * @param detector  the face detector
 * @param annotated also write a copy of the video with boxes and emotions drawn
 */
public record VideoRequest(ModelRef model, double fps, boolean tta, FaceDetector.Kind detector, boolean annotated) {
    public VideoRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(detector, "detector");
    }
}
