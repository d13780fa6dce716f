package io.ferperturb.inference;

import io.ferperturb.inference.video.VideoWriter;
import io.ferperturb.synthetic.MovingFaces;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Videos for the service tests, written by FFmpeg from frames whose faces are at known places. */
public final class TestVideos {
    /** A real portrait (scikit-image's sample data, NASA, public domain), shared with the face detector's tests. */
    private static final Path ASTRONAUT = Path.of("../libs/model-serving/src/test/resources/faces/astronaut.jpg");

    private TestVideos() {
    }

    /** The astronaut's head (her face in the middle), square. */
    public static BufferedImage astronautHead() {
        try {
            return ImageIO.read(ASTRONAUT.toFile()).getSubimage(120, 10, 210, 210);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two heads gliding towards each other across a 640×480 backdrop without meeting. */
    public static MovingFaces twoFaces() {
        BufferedImage head = astronautHead();
        return new MovingFaces(640, 480, List.of(new MovingFaces.Mover(head, 200, 20, 60, 2.5, 1),
                new MovingFaces.Mover(head, 180, 430, 220, -2.5, -1)));
    }

    /** {@code frames} frames of {@code clip} at {@code fps}, as an MP4 file. */
    public static byte[] mp4(MovingFaces clip, int width, int height, int frames, double fps) {
        try {
            Path file = Files.createTempFile("test-video", ".mp4");
            try {
                try (VideoWriter writer = new VideoWriter(file, width, height, fps)) {
                    for (int i = 0; i < frames; i++) {
                        writer.write(clip.frame(i));
                    }
                }
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain video without faces of {@code width × height}. */
    public static byte[] plain(int width, int height, int frames, double fps) {
        return mp4(new MovingFaces(width, height, List.of()), width, height, frames, fps);
    }
}
