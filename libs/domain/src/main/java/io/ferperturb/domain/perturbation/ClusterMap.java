package io.ferperturb.domain.perturbation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.FaceImage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * One global cluster map of the method: every pixel of the 48×48 face crop belongs to exactly one of
 * {@code k} regions, labelled {@code 0 … k-1}, and every label is used by at least one pixel. The
 * perturb-service computes it (k-means over pixel position and attention); trainers and servers only
 * apply it, through {@link RegionMasker}.
 *
 * <p>{@code labels[y * 48 + x]} is the region of pixel (x, y), row-major like {@link FaceImage#pixels()}.
 * The array is copied in and out, so a map is immutable.
 *
 * <p>JSON ({@link #toJson()}, stored as {@code clusters.json} next to a dataset):
 * <pre>{"format":"fer-cluster-map","version":1,"k":3,"width":48,"height":48,
 *  "labels":[[0,0,…,1],  …48 rows of 48 labels, one per line…]}</pre>
 * Rows of labels rather than one flat list, so the file reads as a picture and loads in numpy with
 * {@code np.array(doc["labels"])}.
 *
 * @param k      number of regions, 1–{@value #MAX_CLUSTERS}
 * @param labels region of each pixel, length 2,304
 */
public record ClusterMap(int k, byte[] labels) {
    public static final String FORMAT = "fer-cluster-map";
    public static final int VERSION = 1;
    /** Labels are stored as bytes and drawn from a fixed palette. */
    public static final int MAX_CLUSTERS = 32;

    private static final int SIDE = FaceImage.SIDE;
    private static final int[] PALETTE = {
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F,
        0xBCBD22, 0x17BECF, 0xAEC7E8, 0xFFBB78, 0x98DF8A, 0xFF9896, 0xC5B0D5, 0xC49C94,
    };

    /**
     * @throws IllegalArgumentException unless {@code labels} has 2,304 entries in {@code [0, k)} and
     *                                  uses every one of the k labels
     */
    public ClusterMap {
        if (k < 1 || k > MAX_CLUSTERS) {
            throw new IllegalArgumentException("k must be 1–" + MAX_CLUSTERS + ", got " + k);
        }
        if (labels == null || labels.length != FaceImage.PIXELS) {
            throw new IllegalArgumentException("a cluster map labels " + FaceImage.PIXELS + " pixels, got "
                    + (labels == null ? "none" : labels.length));
        }
        labels = labels.clone();
        int[] sizes = new int[k];
        for (int p = 0; p < labels.length; p++) {
            int label = labels[p];
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("pixel (" + p % SIDE + ", " + p / SIDE + ") has label " + label
                        + ", outside 0–" + (k - 1));
            }
            sizes[label]++;
        }
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                throw new IllegalArgumentException("cluster " + c + " of " + k + " has no pixels");
            }
        }
    }

    /** A map from int labels (as k-means returns them). */
    public static ClusterMap of(int k, int[] labels) {
        if (labels == null || labels.length != FaceImage.PIXELS) {
            throw new IllegalArgumentException("a cluster map labels " + FaceImage.PIXELS + " pixels, got "
                    + (labels == null ? "none" : labels.length));
        }
        byte[] bytes = new byte[labels.length];
        for (int p = 0; p < labels.length; p++) {
            int label = labels[p];
            if (label < 0 || label >= MAX_CLUSTERS) {
                throw new IllegalArgumentException("label " + label + " at pixel " + p + " is out of range");
            }
            bytes[p] = (byte) label;
        }
        return new ClusterMap(k, bytes);
    }

    /** A copy of the labels, row-major. */
    @Override
    public byte[] labels() {
        return labels.clone();
    }

    /** Region of pixel index {@code p} ({@code y * 48 + x}). */
    public int label(int p) {
        return labels[p];
    }

    /** Region of pixel (x, y). */
    public int label(int x, int y) {
        return labels[y * SIDE + x];
    }

    /** Pixels per region. */
    public int[] sizes() {
        int[] sizes = new int[k];
        for (byte label : labels) {
            sizes[label]++;
        }
        return sizes;
    }

    /** Pixel indices of region {@code c}, ascending. */
    public int[] pixelsOf(int c) {
        if (c < 0 || c >= k) {
            throw new IllegalArgumentException("cluster must be 0–" + (k - 1) + ", got " + c);
        }
        int[] out = new int[sizes()[c]];
        int n = 0;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == c) {
                out[n++] = p;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ JSON

    /** The stored form (see the class comment). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(String format, int version, int k, int width, int height, int[][] labels) {
    }

    /**
     * UTF-8 JSON, one row of labels per line. Written by hand: every field is a number or a constant, and
     * Jackson's pretty printer would put all 2,304 labels on one line. Read back with {@link Json}.
     */
    public byte[] toJson() {
        StringBuilder json = new StringBuilder(FaceImage.PIXELS * 2 + 256);
        json.append("{\n  \"format\" : \"").append(FORMAT).append("\",\n  \"version\" : ").append(VERSION)
                .append(",\n  \"k\" : ").append(k).append(",\n  \"width\" : ").append(SIDE)
                .append(",\n  \"height\" : ").append(SIDE).append(",\n  \"labels\" : [\n");
        for (int y = 0; y < SIDE; y++) {
            json.append("    [");
            for (int x = 0; x < SIDE; x++) {
                json.append(x == 0 ? "" : ",").append(labels[y * SIDE + x]);
            }
            json.append(y == SIDE - 1 ? "]\n" : "],\n");
        }
        json.append("  ]\n}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads {@link #toJson()}'s form.
     *
     * @throws IllegalArgumentException when the document is not a valid 48×48 cluster map
     */
    public static ClusterMap fromJson(byte[] json) {
        Document doc;
        try {
            doc = Json.read(json, Document.class);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("not a cluster map: " + e.getCause().getMessage(), e);
        }
        if (doc == null || !FORMAT.equals(doc.format())) {
            throw new IllegalArgumentException("not a cluster map: format must be '" + FORMAT + "'");
        }
        if (doc.version() != VERSION) {
            throw new IllegalArgumentException("cluster map version " + doc.version() + " is not supported");
        }
        if (doc.width() != SIDE || doc.height() != SIDE || doc.labels() == null || doc.labels().length != SIDE) {
            throw new IllegalArgumentException("a cluster map must be " + SIDE + "×" + SIDE);
        }
        int[] flat = new int[FaceImage.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            int[] row = doc.labels()[y];
            if (row == null || row.length != SIDE) {
                throw new IllegalArgumentException("row " + y + " of the cluster map must hold " + SIDE + " labels");
            }
            System.arraycopy(row, 0, flat, y * SIDE, SIDE);
        }
        return of(doc.k(), flat);
    }

    // ----------------------------------------------------------------------------------------- images

    /** Colour of region {@code c} in every figure (a fixed, colour-blind-aware palette, then lighter tints). */
    public static Color colour(int c) {
        int rgb = PALETTE[c % PALETTE.length];
        if (c >= PALETTE.length) {
            rgb = blend(rgb, 0xFFFFFF, 0.45f);
        }
        return new Color(rgb);
    }

    /** The map in its region colours, each pixel drawn as a {@code scale}×{@code scale} block. */
    public BufferedImage toImage(int scale) {
        if (scale < 1 || scale > 64) {
            throw new IllegalArgumentException("scale must be 1–64, got " + scale);
        }
        int[] rgb = new int[k];
        for (int c = 0; c < k; c++) {
            rgb[c] = colour(c).getRGB();
        }
        BufferedImage image = new BufferedImage(SIDE * scale, SIDE * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE * scale; y++) {
            for (int x = 0; x < SIDE * scale; x++) {
                image.setRGB(x, y, rgb[labels[(y / scale) * SIDE + x / scale]]);
            }
        }
        return image;
    }

    /** {@link #toImage(int)} as PNG bytes (stored as {@code clusters.png}'s plain variant). */
    public byte[] toPng(int scale) {
        return png(toImage(scale));
    }

    /** PNG bytes of any image; figures share it. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int blend(int rgb, int other, float t) {
        int r = Math.round(((rgb >> 16) & 0xFF) * (1 - t) + ((other >> 16) & 0xFF) * t);
        int g = Math.round(((rgb >> 8) & 0xFF) * (1 - t) + ((other >> 8) & 0xFF) * t);
        int b = Math.round((rgb & 0xFF) * (1 - t) + (other & 0xFF) * t);
        return (r << 16) | (g << 8) | b;
    }

    // --------------------------------------------------------------------------------- record basics

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterMap other && k == other.k && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * k + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "ClusterMap[k=" + k + ", sizes=" + Arrays.toString(sizes()) + "]";
    }
}
