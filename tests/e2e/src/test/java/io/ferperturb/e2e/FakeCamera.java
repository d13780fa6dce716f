package io.ferperturb.e2e;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A video file Chromium plays as its camera ({@code --use-file-for-fake-video-capture}): two synthetic faces that
 * drift a little from frame to frame, in the uncompressed Y4M format (4:2:0, BT.601), which Chromium loops.
 */
final class FakeCamera {
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    private static final int FRAMES = 30;
    private static final int FPS = 10;

    private FakeCamera() {
    }

    static Path write(Path file) throws IOException {
        SyntheticFaceGenerator faces = new SyntheticFaceGenerator(2024);
        BufferedImage happy = FacePreprocessing.toImage(faces.draw(Emotion.HAPPY, 1));
        BufferedImage surprised = FacePreprocessing.toImage(faces.draw(Emotion.SURPRISE, 2));
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < FRAMES; i++) {
                int drift = (int) Math.round(12 * Math.sin(2 * Math.PI * i / FRAMES));
                BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(new Color(196, 204, 214));
                g.fillRect(0, 0, WIDTH, HEIGHT);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(happy, 40 + drift, 110, 240, 240, null);
                g.drawImage(surprised, 370 - drift, 130 + drift / 2, 220, 220, null);
                g.dispose();
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(yuv420(frame));
            }
        }
        return file;
    }

    /** The frame's Y plane, then U and V at half resolution (each the mean of a 2×2 block). */
    private static byte[] yuv420(BufferedImage frame) {
        byte[] planes = new byte[WIDTH * HEIGHT * 3 / 2];
        int chroma = WIDTH * HEIGHT;
        int quarter = WIDTH * HEIGHT / 4;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = frame.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int gr = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                planes[y * WIDTH + x] = clamp(0.299 * r + 0.587 * gr + 0.114 * b);
            }
        }
        for (int y = 0; y < HEIGHT / 2; y++) {
            for (int x = 0; x < WIDTH / 2; x++) {
                double u = 0;
                double v = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int rgb = frame.getRGB(2 * x + dx, 2 * y + dy);
                        int r = (rgb >> 16) & 0xFF;
                        int gr = (rgb >> 8) & 0xFF;
                        int b = rgb & 0xFF;
                        u += 128 - 0.168736 * r - 0.331264 * gr + 0.5 * b;
                        v += 128 + 0.5 * r - 0.418688 * gr - 0.081312 * b;
                    }
                }
                planes[chroma + y * WIDTH / 2 + x] = clamp(u / 4);
                planes[chroma + quarter + y * WIDTH / 2 + x] = clamp(v / 4);
            }
        }
        return planes;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }
}
