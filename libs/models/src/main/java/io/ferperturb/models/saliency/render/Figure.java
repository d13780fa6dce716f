package io.ferperturb.models.saliency.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/** Labelled compositions of equally sized tiles: a row of panels, or a grid with row and column labels. */
public final class Figure {
    private static final int PAD = 6;
    private static final int LINE_HEIGHT = 14;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Figure() {
    }

    /** Tiles side by side, each with its caption above it (a caption may have several lines, split at \n). */
    public static BufferedImage row(List<BufferedImage> tiles, List<String> captions) {
        return grid(List.of(tiles), List.of(""), captions, false);
    }

    /**
     * {@code tiles[r][c]}, the column labels along the top and the row labels at the left of each row
     * (or none when {@code rowLabels} is false).
     */
    public static BufferedImage grid(List<List<BufferedImage>> tiles, List<String> rowLabels, List<String> columnLabels,
            boolean withRowLabels) {
        int tileW = tiles.get(0).get(0).getWidth();
        int tileH = tiles.get(0).get(0).getHeight();
        int labelW = withRowLabels ? 110 : 0;
        int columns = columnLabels.size();
        int width = labelW + columns * (tileW + PAD) + PAD;
        int lines = (int) columnLabels.stream().mapToLong(l -> l.split("\n").length).max().orElse(1);
        int labelHeight = lines * LINE_HEIGHT + 2;
        int height = labelHeight + tiles.size() * (tileH + PAD) + PAD;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(FONT);
            for (int c = 0; c < columns; c++) {
                String[] text = columnLabels.get(c).split("\n");
                for (int l = 0; l < text.length; l++) {
                    g.drawString(fit(g, text[l], tileW), labelW + PAD + c * (tileW + PAD), (l + 1) * LINE_HEIGHT - 2);
                }
            }
            for (int r = 0; r < tiles.size(); r++) {
                int y = labelHeight + PAD + r * (tileH + PAD);
                if (withRowLabels) {
                    g.drawString(fit(g, rowLabels.get(r), labelW - PAD), PAD, y + tileH / 2);
                }
                for (int c = 0; c < tiles.get(r).size(); c++) {
                    g.drawImage(tiles.get(r).get(c), labelW + PAD + c * (tileW + PAD), y, null);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The label, cut with an ellipsis where it would overflow its tile. */
    private static String fit(Graphics2D g, String label, int width) {
        String text = label;
        while (text.length() > 1 && g.getFontMetrics().stringWidth(text) > width) {
            text = text.substring(0, text.length() - 2) + "…";
        }
        return text;
    }
}
