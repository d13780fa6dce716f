package io.ferperturb.synthetic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The frames of a clip in which faces glide across a plain backdrop: for the video tests and the video benchmark,
 * which know where each face is in every frame. Faces are any pictures (real photos or generated faces).
 */
public final class MovingFaces {
    private final int width;
    private final int height;
    private final List<Mover> movers;

    /**
     * One face: its picture drawn {@code side} pixels square, at {@code (x, y)} in the first frame, moving
     * {@code (dx, dy)} pixels a frame.
     */
    public record Mover(BufferedImage face, int side, int x, int y, double dx, double dy) {
        /** Where the face's picture is in frame {@code index}: {@code [x, y, side, side]}. */
        public int[] place(int index) {
            return new int[] {(int) Math.round(x + dx * index), (int) Math.round(y + dy * index), side, side};
        }
    }

    public MovingFaces(int width, int height, List<Mover> movers) {
        this.width = width;
        this.height = height;
        this.movers = List.copyOf(movers);
    }

    public List<Mover> movers() {
        return movers;
    }

    /** Frame {@code index}, in 3-byte BGR as video encoders take it. */
    public BufferedImage frame(int index) {
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(200, 206, 196));
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (Mover m : movers) {
            int[] p = m.place(index);
            g.drawImage(m.face(), p[0], p[1], p[2], p[3], null);
        }
        g.dispose();
        return frame;
    }
}
