package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.perturbation.ClusterMap;
import io.ferperturb.domain.perturbation.RegionMasker;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code clusters.png}: the cluster map drawn over an example face, next to the face with each cluster
 * removed, every panel titled; optionally the attention map the clusters came from first. Plain Java2D,
 * 48×48 images enlarged ×4 with nearest-neighbour sampling so pixels stay visible.
 */
public final class ClusterFigure {
    private static final int SIDE = FaceImage.SIDE;
    private static final int SCALE = 4;
    private static final int PANEL = SIDE * SCALE;
    private static final int GAP = 18;
    private static final int MARGIN = 16;
    private static final int TITLE = 44;
    private static final int MAX_COLUMNS = 6;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font SUB_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);

    private ClusterFigure() {
    }

    private record Panel(String title, String subtitle, BufferedImage image, Color swatch) {
    }

    /**
     * @param map       the clusters
     * @param face      an example face, 2,304 pixels
     * @param attention the scaled attention feature (2,304 values in [0, α]), or null to leave it out
     * @param caption   a line under the panels (settings), or null
     */
    public static BufferedImage render(ClusterMap map, byte[] face, float[] attention, String caption) {
        if (face.length != FaceImage.PIXELS) {
            throw new IllegalArgumentException("a face has " + FaceImage.PIXELS + " pixels, got " + face.length);
        }
        List<Panel> panels = new ArrayList<>();
        if (attention != null) {
            panels.add(new Panel("attention", "thresholded, scaled", heat(attention), null));
        }
        panels.add(new Panel("clusters (n = " + map.k() + ")", "over the example face", overlay(map, face), null));
        panels.add(new Panel("example face", "original", grey(face), null));
        RegionMasker masker = new RegionMasker(map);
        for (int c = 0; c < map.k(); c++) {
            panels.add(new Panel("cluster " + c + " removed", map.sizes()[c] + " pixels set to 0",
                    grey(masker.mask(face, c)), ClusterMap.colour(c)));
        }

        int columns = Math.min(MAX_COLUMNS, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        int width = 2 * MARGIN + columns * PANEL + (columns - 1) * GAP;
        int height = 2 * MARGIN + rows * (TITLE + PANEL) + (rows - 1) * GAP + (caption == null ? 0 : 24);
        BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < panels.size(); i++) {
                Panel panel = panels.get(i);
                int x = MARGIN + (i % columns) * (PANEL + GAP);
                int y = MARGIN + (i / columns) * (TITLE + PANEL + GAP);
                drawTitle(g, panel, x, y);
                g.drawImage(panel.image(), x, y + TITLE, null);
                g.setColor(panel.swatch() == null ? new Color(0x888888) : panel.swatch());
                g.setStroke(new BasicStroke(panel.swatch() == null ? 1f : 3f));
                g.drawRect(x - 1, y + TITLE - 1, PANEL + 1, PANEL + 1);
                if (panel.title().startsWith("clusters")) {
                    drawLabels(g, map, x, y + TITLE);
                }
            }
            if (caption != null) {
                g.setFont(SUB_FONT);
                g.setColor(new Color(0x333333));
                g.drawString(caption, MARGIN, height - MARGIN + 2);
            }
        } finally {
            g.dispose();
        }
        return figure;
    }

    /** {@link #render} as PNG bytes. */
    public static byte[] png(ClusterMap map, byte[] face, float[] attention, String caption) {
        return ClusterMap.png(render(map, face, attention, caption));
    }

    private static void drawTitle(Graphics2D g, Panel panel, int x, int y) {
        int textX = x;
        if (panel.swatch() != null) {
            g.setColor(panel.swatch());
            g.fillRect(x, y + 4, 14, 14);
            textX += 20;
        }
        g.setColor(Color.BLACK);
        g.setFont(TITLE_FONT);
        g.drawString(panel.title(), textX, y + 16);
        g.setFont(SUB_FONT);
        g.setColor(new Color(0x555555));
        g.drawString(panel.subtitle(), x, y + 34);
    }

    /** Each label's number at its region's centre of mass, white with a dark outline. */
    private static void drawLabels(Graphics2D g, ClusterMap map, int x0, int y0) {
        g.setFont(LABEL_FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (int c = 0; c < map.k(); c++) {
            int[] pixels = map.pixelsOf(c);
            double sx = 0;
            double sy = 0;
            for (int p : pixels) {
                sx += p % SIDE;
                sy += p / SIDE;
            }
            String text = Integer.toString(c);
            double cx = x0 + (sx / pixels.length + 0.5) * SCALE - metrics.stringWidth(text) / 2.0;
            double cy = y0 + (sy / pixels.length + 0.5) * SCALE + metrics.getAscent() / 2.0 - 2;
            TextLayout layout = new TextLayout(text, LABEL_FONT, g.getFontRenderContext());
            java.awt.Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(cx, cy));
            g.setColor(new Color(0, 0, 0, 200));
            g.setStroke(new BasicStroke(3f));
            g.draw(outline);
            g.setColor(Color.WHITE);
            g.fill(outline);
        }
    }

    private static BufferedImage grey(byte[] face) {
        BufferedImage image = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < PANEL; y++) {
            for (int x = 0; x < PANEL; x++) {
                int v = face[(y / SCALE) * SIDE + x / SCALE] & 0xFF;
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    /** Region colours at 50 % over the face, with a dark line along region borders. */
    private static BufferedImage overlay(ClusterMap map, byte[] face) {
        BufferedImage image = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < PANEL; y++) {
            for (int x = 0; x < PANEL; x++) {
                int px = x / SCALE;
                int py = y / SCALE;
                int label = map.label(px, py);
                boolean border = (x % SCALE == 0 && px > 0 && map.label(px - 1, py) != label)
                        || (y % SCALE == 0 && py > 0 && map.label(px, py - 1) != label);
                if (border) {
                    image.setRGB(x, y, 0x202020);
                    continue;
                }
                int v = face[py * SIDE + px] & 0xFF;
                int rgb = ClusterMap.colour(label).getRGB();
                int r = (((rgb >> 16) & 0xFF) + v) / 2;
                int gr = (((rgb >> 8) & 0xFF) + v) / 2;
                int b = ((rgb & 0xFF) + v) / 2;
                image.setRGB(x, y, r << 16 | gr << 8 | b);
            }
        }
        return image;
    }

    /** Attention as a black → red → yellow → white heat map, scaled to the map's own maximum. */
    private static BufferedImage heat(float[] attention) {
        float max = 0;
        for (float a : attention) {
            max = Math.max(max, a);
        }
        BufferedImage image = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < PANEL; y++) {
            for (int x = 0; x < PANEL; x++) {
                float t = max > 0 ? attention[(y / SCALE) * SIDE + x / SCALE] / max : 0;
                int r = (int) (255 * Math.min(1, t * 2.2));
                int g = (int) (255 * clamp(t * 2.2 - 0.9));
                int b = (int) (255 * clamp(t * 3 - 2));
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : Math.min(1, v);
    }
}
