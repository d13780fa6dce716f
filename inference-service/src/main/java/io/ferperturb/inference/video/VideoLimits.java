package io.ferperturb.inference.video;

import io.ferperturb.serving.InvalidRequestException;
import io.ferperturb.serving.LimitExceededException;

/**
 * What one video may be: upload size, duration, frame size and sampled frames (413 above each, the message naming
 * the setting that raises it), and the sampling rates a request may ask for (400).
 */
public record VideoLimits(long maxUploadBytes, int maxDurationS, int maxWidth, int maxHeight, int maxSampledFrames,
        double defaultFps, double maxFps) {
    static final String PREFIX = "fer.inference.videos.";

    /** {@code fps=} of a request: null means the default. */
    public double fps(Double requested) {
        double fps = requested == null ? defaultFps : requested;
        if (!(fps > 0) || fps > maxFps) {
            throw new InvalidRequestException("fps is how many frames a second are analysed: more than 0 and at most "
                    + maxFps + ", not " + fps);
        }
        return fps;
    }

    /** @throws LimitExceededException when the video is too large, too long or would sample too many frames */
    public void check(VideoFile.Info info, double fps) {
        if (info.width() > maxWidth || info.height() > maxHeight) {
            throw new LimitExceededException("the video's frames are " + info.width() + "×" + info.height()
                    + " pixels; at most " + maxWidth + "×" + maxHeight + " are accepted (" + PREFIX + "max-width, "
                    + PREFIX + "max-height): scale it down first");
        }
        if (info.durationS() > maxDurationS) {
            throw tooLong(info.durationS());
        }
        checkSampledFrames(VideoFile.sampledFrames(info, fps), fps);
    }

    void checkSampledFrames(long frames, double fps) {
        if (frames > maxSampledFrames) {
            throw new LimitExceededException("at " + fps + " frames a second the video gives " + frames
                    + " frames to analyse; at most " + maxSampledFrames + " are accepted (" + PREFIX
                    + "max-sampled-frames): ask for a lower fps or send a shorter video");
        }
    }

    LimitExceededException tooLong(double durationS) {
        return new LimitExceededException(String.format(java.util.Locale.ROOT,
                "the video lasts %.1f s; at most %d s are accepted (%smax-duration-s): cut it first", durationS,
                maxDurationS, PREFIX));
    }

    LimitExceededException tooLarge() {
        return new LimitExceededException("the video is larger than " + maxUploadBytes + " bytes, the most this server "
                + "accepts (" + PREFIX + "max-upload-bytes): send a shorter or more compressed video");
    }
}
