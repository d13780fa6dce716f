package io.ferperturb.perturb.perturbation;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.SplitData;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The {@code occluded} test set of the preliminary experiment: a synthetic N95-like face mask drawn
 * over nose, mouth and chin of 48×48 faces, in the spirit of the "Masked FER-2013" data set.
 *
 * <p>Placement from the face's geometry: the eye row and the face's vertical axis are estimated from
 * the image ({@link #estimate}: the row between 16 and 23 where the irises are darkest against the
 * bridge of the nose (on synthetic faces: rms error 1.0 px, about 1 px high), and the axis within ±4 px of the centre about which the vertical intensity
 * gradient is most symmetric); FER2013's alignment keeps both within those ranges. The mask's top edge sits on the nose bridge
 * about 6 pixels below the eyes, its sides reach the cheeks and its rounded bottom runs below the chin;
 * a light grey/white cup with darker sides (curvature), a nose-clip band along the top edge, a faint
 * horizontal seam, a little fabric texture, and one strap on each side running up towards the ears.
 *
 * <p>Random variation, drawn from (seed, face index) so a set is reproducible: shift ±1 px sideways and
 * ±1.5 px vertically, width ±8 %, tilt ±6°, tone 205–240, bottom extent ±2 px. Only the mask and straps
 * change pixels; everything else is copied.
 */
public final class OccludedMaskPainter {
    private static final int SIDE = FaceImage.SIDE;
    private static final int PIXELS = FaceImage.PIXELS;
    /** FER2013's framing: eyes near this row when nothing better is known. */
    static final double DEFAULT_EYE_ROW = 19;
    static final double DEFAULT_AXIS = 23.5;

    /**
     * Where the face is.
     *
     * @param axisX image x of the face's vertical axis
     * @param eyeY  image row of the eyes
     */
    public record Geometry(double axisX, double eyeY) {
    }

    /**
     * One mask, in image pixels.
     *
     * @param centreX   x of the mask's axis
     * @param topY      row of the nose-bridge top edge at the axis
     * @param halfWidth half width at its widest
     * @param bottomY   lowest row of the rounded bottom (may lie below the image)
     * @param tilt      in-plane rotation, radians
     * @param tone      fabric grey level 0–255
     */
    public record Placement(double centreX, double topY, double halfWidth, double bottomY, double tilt, int tone) {
    }

    private final long seed;

    public OccludedMaskPainter(long seed) {
        this.seed = seed;
    }

    /** The face with a mask drawn on it; {@code faceIndex} picks the random variation. */
    public byte[] paint(byte[] face, long faceIndex) {
        if (face.length != PIXELS) {
            throw new IllegalArgumentException("a face has " + PIXELS + " pixels, got " + face.length);
        }
        byte[] out = new byte[PIXELS];
        paintInto(face, 0, faceIndex, out, 0);
        return out;
    }

    /** Every face of a split masked (face {@code i} varies with index {@code i}); labels are shared. */
    public SplitData paintAll(SplitData in) {
        byte[] out = new byte[in.pixels().length];
        IntStream.range(0, in.size()).parallel()
                .forEach(i -> paintInto(in.pixels(), i * PIXELS, i, out, i * PIXELS));
        return new SplitData(in.split(), in.labels(), out);
    }

    public void paintInto(byte[] src, int srcOffset, long faceIndex, byte[] dst, int dstOffset) {
        Placement placement = place(estimate(src, srcOffset), faceIndex);
        draw(src, srcOffset, placement, random(faceIndex), dst, dstOffset);
    }

    /** The mask {@link #paintInto} draws for this face. */
    public Placement placement(byte[] face, long faceIndex) {
        return place(estimate(face, 0), faceIndex);
    }

    /** Eye row and face axis of a 48×48 face (see the class comment). */
    public static Geometry estimate(byte[] face, int offset) {
        // Eyes: the row (16–23, where FER2013's alignment puts them) in which the darkest pixel of each eye
        // window (the iris) is darkest against the bridge of the nose, smoothed over three rows, with a
        // mild pull towards row 19 so that dark brows do not win by a hair.
        double[] contrast = new double[SIDE];
        for (int y = 15; y <= 24; y++) {
            int left = 255;
            int right = 255;
            int bridge = 0;
            for (int x = 9; x < 20; x++) {
                left = Math.min(left, face[offset + y * SIDE + x] & 0xFF);
                right = Math.min(right, face[offset + y * SIDE + SIDE - 1 - x] & 0xFF);
            }
            for (int x = 21; x < 27; x++) {
                bridge += face[offset + y * SIDE + x] & 0xFF;
            }
            contrast[y] = (left + right) / 2.0 - bridge / 6.0;
        }
        double eyeY = DEFAULT_EYE_ROW;
        double best = Double.POSITIVE_INFINITY;
        for (int y = 16; y <= 23; y++) {
            double score = contrast[y - 1] + 2 * contrast[y] + contrast[y + 1] + 5 * (y - DEFAULT_EYE_ROW) * (y - DEFAULT_EYE_ROW);
            if (score < best) {
                best = score;
                eyeY = y;
            }
        }
        // Vertical gradients ignore left-right lighting ramps; compare them mirrored about candidate axes.
        double axis = DEFAULT_AXIS;
        best = Double.POSITIVE_INFINITY;
        for (int shift = -4; shift <= 4; shift++) {
            double asymmetry = 0;
            for (int y = 14; y < 44; y++) {
                for (int j = 0; j < 14; j++) {
                    int left = 23 + shift - j;
                    int right = 24 + shift + j;
                    int gl = (face[offset + (y + 1) * SIDE + left] & 0xFF) - (face[offset + y * SIDE + left] & 0xFF);
                    int gr = (face[offset + (y + 1) * SIDE + right] & 0xFF) - (face[offset + y * SIDE + right] & 0xFF);
                    asymmetry += Math.abs(gl - gr);
                }
            }
            asymmetry *= 1 + 0.02 * Math.abs(shift); // prefer the centre when the face gives no clear answer
            if (asymmetry < best) {
                best = asymmetry;
                axis = DEFAULT_AXIS + shift;
            }
        }
        return new Geometry(axis, eyeY);
    }

    Placement place(Geometry geometry, long faceIndex) {
        SplittableRandom random = random(faceIndex);
        double centreX = geometry.axisX() + uniform(random, -1, 1);
        double topY = geometry.eyeY() + 6 + uniform(random, -1.5, 1.5);
        double halfWidth = 15.5 * uniform(random, 0.92, 1.08);
        double bottomY = geometry.eyeY() + 31 + uniform(random, -2, 2);
        double tilt = Math.toRadians(uniform(random, -6, 6));
        int tone = 205 + random.nextInt(36);
        return new Placement(centreX, topY, halfWidth, bottomY, tilt, tone);
    }

    private SplittableRandom random(long faceIndex) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + faceIndex * 0xD1B54A32D192ED03L + 0x632BE59BD9B4E019L);
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    /**
     * Draws the cup and straps. Mask frame: u across (0 on the axis), v down (0 at the top edge's apex),
     * rotated by the tilt. The top edge drops towards the cheeks; the sides are straight down to the
     * seam row and then close in an ellipse to the bottom. Coverage is a clamped distance to the outline,
     * which anti-aliases the edge.
     */
    private static void draw(byte[] src, int s, Placement m, SplittableRandom random, byte[] dst, int d) {
        double cos = Math.cos(m.tilt());
        double sin = Math.sin(m.tilt());
        double hw = m.halfWidth();
        double height = m.bottomY() - m.topY();
        double seamV = 0.32 * height;
        double lowerHeight = height - seamV;
        double drop = 4.5; // top edge: apex on the nose bridge, 4.5 px lower at the sides
        long texture = random.nextLong();
        // strap anchors (mask frame) and their ends at the image edges, about ear height
        double strapV = 0.18 * height;
        double earY = m.topY() - 1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double dx = x - m.centreX();
                double dy = y - m.topY();
                double u = dx * cos + dy * sin;
                double v = -dx * sin + dy * cos;
                double au = Math.abs(u) / hw;
                double top = drop * Math.pow(Math.min(au, 1.2), 1.6);
                double side;
                if (v <= seamV) {
                    side = hw - Math.abs(u);
                } else {
                    double t = (v - seamV) / lowerHeight;
                    side = t >= 1 ? -1 - (t - 1) * lowerHeight : hw * Math.sqrt(1 - t * t) - Math.abs(u);
                }
                double margin = Math.min(v - top, side);
                double cover = clamp(0.5 + margin);
                int p = y * SIDE + x;
                double value = src[s + p] & 0xFF;
                if (cover > 0) {
                    double shade = 1 - 0.16 * au * au;                        // cup curves away at the sides
                    shade -= 0.07 * Math.max(0, (v - seamV) / lowerHeight);   // lower part turned from the light
                    shade -= 0.06 * clamp(1.6 - (v - top));                   // nose clip along the top edge
                    shade -= 0.05 * clamp(1 - Math.abs(v - seamV));           // seam
                    double grain = ((mix(texture + p) >>> 40) / (double) (1L << 24) - 0.5) * 6;
                    double fabric = m.tone() * shade + grain;
                    value += (fabric - value) * cover;
                } else {
                    double strap = 0;
                    if (Math.abs(u) > hw - 1) {
                        // one strap per side: from the cup's upper side towards the ear
                        double sx = Math.signum(u) * (hw - 0.5);
                        double ex = Math.signum(u) * (SIDE + 4);
                        strap = lineCover(u, v, sx, strapV, ex, earY - m.topY() - 4, 0.75);
                    }
                    if (strap > 0) {
                        double tone = m.tone() * 0.88;
                        value += (tone - value) * strap;
                    }
                }
                dst[d + p] = (byte) Math.max(0, Math.min(255, Math.round(value)));
            }
        }
    }

    /** Coverage of a line of half-thickness {@code half} from (x0, y0) to (x1, y1) at (x, y). */
    private static double lineCover(double x, double y, double x0, double y0, double x1, double y1, double half) {
        double lx = x1 - x0;
        double ly = y1 - y0;
        double t = ((x - x0) * lx + (y - y0) * ly) / (lx * lx + ly * ly);
        if (t < 0 || t > 1) {
            return 0;
        }
        double px = x0 + t * lx - x;
        double py = y0 + t * ly - y;
        return clamp(half + 0.5 - Math.sqrt(px * px + py * py));
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
