package io.ferperturb.inference.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * A video file read frame by frame through FFmpeg, never whole: what it is ({@link #probe}), and the frames at a
 * sampling rate ({@link #sample}). Only the MP4/QuickTime, Matroska/WebM and AVI demuxers may open it, so an image
 * or a playlist is refused rather than read as a one-frame video.
 */
public final class VideoFile {
    /** FFmpeg's names of the demuxers a video may come through. */
    static final String DEMUXERS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi";
    private static final Set<String> ACCEPTED = Set.of(DEMUXERS.split(","));
    static final String WHAT_TO_SEND = "send an MP4, WebM or AVI video with a video stream";

    static {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL); // what FFmpeg would print, refusals say in their exceptions
    }

    private VideoFile() {
    }

    /**
     * What the container says about the video.
     *
     * @param durationS 0 when the container does not say (then the limit is checked while decoding)
     * @param frameRate the video stream's frames per second; 0 when unknown
     */
    public record Info(String format, int width, int height, double durationS, double frameRate) {
    }

    /** One sampled frame; {@code image} is reused for the next frame, so it is valid only during the call. */
    @FunctionalInterface
    public interface SampleHandler {
        void onSample(int index, double timeS, BufferedImage image);
    }

    /** @throws UnsupportedVideoException when FFmpeg cannot open it as a video */
    public static Info probe(Path file) {
        try (FFmpegFrameGrabber grabber = open(file)) {
            return info(grabber);
        } catch (FrameGrabber.Exception e) {
            throw unreadable(e);
        }
    }

    /** Frames expected at {@code fps}: one per sampling period, at most one per source frame. */
    public static long sampledFrames(Info info, double fps) {
        double rate = info.frameRate() > 0 ? Math.min(fps, info.frameRate()) : fps;
        return Math.max(1, (long) Math.ceil(info.durationS() * rate));
    }

    /**
     * Decodes every frame and hands over the first frame of each sampling period ({@code 1 / fps} seconds), in
     * order, stopping with a {@link io.ferperturb.serving.LimitExceededException} once the video runs past the
     * limits' duration or sampled frames (for containers that do not say their length up front).
     *
     * @return the number of frames sampled
     */
    public static int sample(Path file, double fps, VideoLimits limits, SampleHandler handler) {
        try (FFmpegFrameGrabber grabber = open(file); Java2DFrameConverter converter = new Java2DFrameConverter()) {
            Info info = info(grabber);
            double halfFrameS = info.frameRate() > 0 ? 0.5 / info.frameRate() : 0;
            long firstUs = -1;
            int next = 0;
            int sampled = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                firstUs = firstUs < 0 ? frame.timestamp : firstUs;
                double t = (frame.timestamp - firstUs) / 1e6;
                if (t > limits.maxDurationS()) {
                    throw limits.tooLong(t);
                }
                if (t + halfFrameS < next / fps) {
                    continue;
                }
                limits.checkSampledFrames(sampled + 1L, fps);
                handler.onSample(sampled++, t, converter.convert(frame));
                next = (int) Math.floor((t + halfFrameS) * fps) + 1;
            }
            return sampled;
        } catch (FrameGrabber.Exception e) {
            throw unreadable(e);
        }
    }

    /**
     * Every frame in order with its time, and the video's info first; {@code image} is reused for the next frame.
     * For a video already sampled within the limits.
     */
    public static void eachFrame(Path file, java.util.function.Consumer<Info> info, SampleHandler handler) {
        try (FFmpegFrameGrabber grabber = open(file); Java2DFrameConverter converter = new Java2DFrameConverter()) {
            info.accept(info(grabber));
            long firstUs = -1;
            int index = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                firstUs = firstUs < 0 ? frame.timestamp : firstUs;
                handler.onSample(index++, (frame.timestamp - firstUs) / 1e6, converter.convert(frame));
            }
        } catch (FrameGrabber.Exception e) {
            throw unreadable(e);
        }
    }

    private static FFmpegFrameGrabber open(Path file) throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setOption("format_whitelist", DEMUXERS);
        grabber.setOption("protocol_whitelist", "file");
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            grabber.close();
            throw e instanceof FrameGrabber.Exception fe ? fe : new FrameGrabber.Exception(e.getMessage(), e);
        }
        return grabber;
    }

    private static Info info(FFmpegFrameGrabber grabber) {
        String format = grabber.getFormat();
        boolean accepted = format != null && ACCEPTED.stream().anyMatch(name -> format.toLowerCase(Locale.ROOT)
                .contains(name));
        if (!accepted || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            throw new UnsupportedVideoException("the body is " + (accepted ? "a " + format + " file without a video "
                    + "stream" : "not a video FFmpeg reads here") + "; " + WHAT_TO_SEND);
        }
        long lengthUs = grabber.getLengthInTime();
        return new Info(format, grabber.getImageWidth(), grabber.getImageHeight(), Math.max(0, lengthUs) / 1e6,
                grabber.getFrameRate());
    }

    private static UnsupportedVideoException unreadable(Exception e) {
        return new UnsupportedVideoException("the body is not a video FFmpeg can read (" + e.getMessage() + "); "
                + WHAT_TO_SEND);
    }
}
