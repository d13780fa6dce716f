package io.ferperturb.inference.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What a video's analysis answers ({@code GET /videos/{id}/timeline}): every sampled frame with each face's track,
 * box, probabilities and smoothed emotion, and a summary per track.
 *
 * @param model         the model's id, or the ensemble's canonical name
 * @param version       the single model's version; 0 for an ensemble
 * @param members       {@code id:version} of an ensemble's members; null for a single model
 * @param classes       the class names, in the order of every probability map
 * @param fps           the sampling rate asked for
 * @param durationS     from the first to the last decoded frame's time stamp, as far as the container says
 * @param frames        one entry per sampled frame, faces or none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timeline(String videoId, String model, int version, List<String> members, Boolean tta, String detector,
        List<String> classes, double fps, int width, int height, double durationS, int sampledFrames,
        List<FrameFaces> frames, List<TrackSummary> tracks) {

    /** One sampled frame: its index among the sampled frames, its time in the video, and its faces. */
    public record FrameFaces(int frame, double timeS, List<TrackedFace> faces) {
    }

    /**
     * One face in one frame.
     *
     * @param box             {@code [x, y, w, h]} in the frame
     * @param emotion         the most probable class of this frame alone
     * @param smoothedEmotion the most probable class of the track's smoothed probabilities
     */
    public record TrackedFace(int track, int[] box, String emotion, Map<String, Double> probabilities,
            String smoothedEmotion, Map<String, Double> smoothed) {
    }

    /**
     * One track over the whole video.
     *
     * @param frames   sampled frames in which the face was seen
     * @param shares   the fraction of those frames per smoothed emotion (every class, summing to 1)
     * @param dominant the emotion with the largest share
     */
    public record TrackSummary(int track, double firstSeenS, double lastSeenS, int frames, String dominant,
            Map<String, Double> shares) {
    }
}
