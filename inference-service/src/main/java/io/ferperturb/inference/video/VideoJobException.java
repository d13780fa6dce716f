package io.ferperturb.inference.video;

import io.ferperturb.commons.ApiException;

/** Why a video job's answer cannot be given: unknown (404), not ready yet (409), or no room in the queue (503). */
public class VideoJobException extends ApiException {
    private VideoJobException(int status, String code, String message, int retryAfterSeconds) {
        super(status, code, message, retryAfterSeconds);
    }

    static VideoJobException unknown(String id) {
        return new VideoJobException(404, "unknown-video", "no video job " + id + " is known here; POST /videos "
                + "answers with the id of a new one", 0);
    }

    static VideoJobException notReady(VideoJob.Status status) {
        return new VideoJobException(409, "not-ready", "video job " + status.id() + " is " + status.state()
                + (status.error() != null ? " (" + status.error() + ")" : "") + "; its results come once GET /videos/"
                + status.id() + " says done", 0);
    }

    static VideoJobException notAsked(String id, String what) {
        return new VideoJobException(404, "not-asked", "video job " + id + " was not asked for " + what
                + "; POST the video again with annotated=true", 0);
    }

    static VideoJobException queueFull(int capacity) {
        return new VideoJobException(503, "busy", capacity + " videos are already waiting to be analysed; retry later",
                30);
    }
}
