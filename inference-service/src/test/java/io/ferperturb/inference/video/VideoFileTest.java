package io.ferperturb.inference.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.inference.TestVideos;
import io.ferperturb.serving.LimitExceededException;
import io.ferperturb.serving.faces.FaceDetector;
import io.ferperturb.serving.faces.HaarFaceDetector;
import io.ferperturb.serving.faces.FaceFinder;
import io.ferperturb.synthetic.MovingFaces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Videos written by FFmpeg and read back: what the container says, which frames are sampled, what is refused. */
class VideoFileTest {
    private static final VideoLimits LIMITS = new VideoLimits(1 << 30, 600, 1920, 1080, 6000, 5, 30);

    @TempDir
    Path dir;

    @Test
    void aVideoIsProbedAndSampledAtTheAskedRate() throws Exception {
        Path file = write("plain.mp4", TestVideos.plain(320, 240, 30, 10)); // 3 s at 10 fps
        VideoFile.Info info = VideoFile.probe(file);
        assertEquals(320, info.width());
        assertEquals(240, info.height());
        assertEquals(10.0, info.frameRate(), 0.01);
        assertEquals(3.0, info.durationS(), 0.2);
        List<Double> times = new ArrayList<>();
        int sampled = VideoFile.sample(file, 4, LIMITS, (index, t, image) -> {
            assertEquals(times.size(), index);
            assertEquals(320, image.getWidth());
            times.add(t);
        });
        assertEquals(12, sampled, times.toString()); // 0, 0.3, 0.5, 0.8, …: one frame per quarter second
        for (int i = 0; i < times.size(); i++) {
            assertEquals(i * 0.25, times.get(i), 0.051, times.toString());
        }
        assertEquals(30, VideoFile.sample(file, 30, LIMITS, (index, t, image) -> { }), "at most every frame");
        assertEquals(12, VideoFile.sampledFrames(info, 4));
        assertEquals(30, VideoFile.sampledFrames(info, 30));
    }

    @Test
    void facesOfTheTestClipAreFoundInEveryFrame() throws Exception {
        MovingFaces clip = TestVideos.twoFaces();
        Path file = write("faces.mp4", TestVideos.mp4(clip, 640, 480, 20, 10));
        FaceFinder finder = new FaceFinder(FaceDetector.Kind.HAAR, new HaarFaceDetector());
        List<Integer> counts = new ArrayList<>();
        VideoFile.sample(file, 10, LIMITS, (index, t, image) -> counts.add(finder.boxes(image, FaceFinder.Mode.AUTO).size()));
        assertEquals(20, counts.size());
        assertTrue(counts.stream().allMatch(c -> c == 2), counts.toString());
    }

    @Test
    void whatIsNotAVideoIsRefusedWithASentenceSayingWhatToSend() throws Exception {
        for (byte[] body : List.of("not a video at all".getBytes(StandardCharsets.UTF_8),
                io.ferperturb.inference.TestImages.encode(io.ferperturb.inference.TestImages.plain(64, 64), "png"))) {
            UnsupportedVideoException e = assertThrows(UnsupportedVideoException.class,
                    () -> VideoFile.probe(write("body.bin", body)));
            assertTrue(e.getMessage().contains("MP4, WebM or AVI"), e.getMessage());
        }
    }

    @Test
    void aVideoLongerThanTheLimitStopsWhileDecoding() throws Exception {
        Path file = write("long.mp4", TestVideos.plain(64, 64, 40, 10));
        VideoLimits twoSeconds = new VideoLimits(1 << 30, 2, 1920, 1080, 6000, 5, 30);
        assertThrows(LimitExceededException.class, () -> twoSeconds.check(VideoFile.probe(file), 5));
        assertThrows(LimitExceededException.class, () -> VideoFile.sample(file, 5, twoSeconds, (i, t, image) -> { }));
        VideoLimits fewFrames = new VideoLimits(1 << 30, 600, 1920, 1080, 10, 5, 30);
        assertThrows(LimitExceededException.class, () -> fewFrames.check(VideoFile.probe(file), 5));
        assertThrows(LimitExceededException.class, () -> VideoFile.sample(file, 5, fewFrames, (i, t, image) -> { }));
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }
}
