package io.ferperturb.inference.video;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A copy of the video with each face's box, track and smoothed emotion drawn on every frame (those of the latest
 * sampled frame at or before it), encoded by {@link VideoWriter} at the source's frame rate.
 */
public final class VideoAnnotator {
    private static final Color[] COLOURS = {Color.GREEN, Color.CYAN, Color.MAGENTA, Color.ORANGE, Color.YELLOW, Color.PINK};

    private VideoAnnotator() {
    }

    public static void annotate(Path video, Timeline timeline, Path out) {
        List<Timeline.FrameFaces> frames = timeline.frames();
        VideoWriter[] writer = new VideoWriter[1];
        try {
            VideoFile.eachFrame(video, info -> writer[0] = new VideoWriter(out, info.width(), info.height(),
                    info.frameRate() > 0 ? info.frameRate() : timeline.fps()), new VideoFile.SampleHandler() {
                        int sampled = -1;

                        @Override
                        public void onSample(int index, double timeS, BufferedImage image) {
                            while (sampled + 1 < frames.size() && frames.get(sampled + 1).timeS() <= timeS + 1e-6) {
                                sampled++;
                            }
                            if (sampled >= 0) {
                                draw(image, frames.get(sampled).faces());
                            }
                            writer[0].write(image);
                        }
                    });
        } finally {
            if (writer[0] != null) {
                writer[0].close();
            }
        }
    }

    private static void draw(BufferedImage image, List<Timeline.TrackedFace> faces) {
        Graphics2D g = image.createGraphics();
        g.setStroke(new BasicStroke(Math.max(2, image.getWidth() / 320f)));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, image.getHeight() / 30)));
        for (Timeline.TrackedFace face : faces) {
            int[] b = face.box();
            g.setColor(COLOURS[(face.track() - 1) % COLOURS.length]);
            g.drawRect(b[0], b[1], b[2], b[3]);
            g.drawString("#" + face.track() + " " + face.smoothedEmotion(), b[0], Math.max(g.getFont().getSize(), b[1] - 4));
        }
        g.dispose();
    }
}
