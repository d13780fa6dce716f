package io.ferperturb.synthetic;

import io.ferperturb.domain.data.Emotion;

/** Everything that determines one synthetic face: the person, the capture and the expression. */
public record FaceParameters(FaceIdentity identity, FacePose pose, EmotionCues cues, long noiseSeed) {

    /** Draws a face of the given class; all randomness comes from {@code draw}. */
    static FaceParameters sample(Emotion emotion, RandomDraws draw) {
        FaceIdentity identity = FaceIdentity.sample(draw);
        FacePose pose = FacePose.sample(draw);
        EmotionCues cues = EmotionCueSampler.sample(emotion, draw);
        return new FaceParameters(identity, pose, cues, draw.nextLong());
    }
}
