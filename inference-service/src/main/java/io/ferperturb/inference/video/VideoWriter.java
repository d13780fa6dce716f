package io.ferperturb.inference.video;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Frames to an MP4 file through FFmpeg: H.264 where the FFmpeg build has an encoder for it, else MPEG-4 Part 2
 * (which every build has). Annotated videos, and the videos that tests and the benchmark make, are written here.
 */
public final class VideoWriter implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();

    public VideoWriter(Path file, int width, int height, double fps) {
        FFmpegFrameRecorder opened = null;
        FrameRecorder.Exception failure = null;
        for (int codec : new int[] {avcodec.AV_CODEC_ID_H264, avcodec.AV_CODEC_ID_MPEG4}) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
            r.setFormat("mp4");
            r.setFrameRate(fps);
            r.setVideoCodec(codec);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setVideoQuality(codec == avcodec.AV_CODEC_ID_MPEG4 ? 2 : 18); // near lossless: faces stay detectable
            try {
                r.start();
                opened = r;
                break;
            } catch (FrameRecorder.Exception e) {
                failure = e;
                closeQuietly(r);
            }
        }
        if (opened == null) {
            throw new IllegalStateException("FFmpeg cannot encode an MP4 video here: " + failure.getMessage(), failure);
        }
        this.recorder = opened;
    }

    public void write(BufferedImage frame) {
        try {
            recorder.record(converter.convert(frame));
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("FFmpeg failed to encode a frame: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("FFmpeg failed to finish the video: " + e.getMessage(), e);
        } finally {
            converter.close();
        }
    }

    private static void closeQuietly(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (FrameRecorder.Exception ignored) {
            // it never started: nothing to finish
        }
    }
}
