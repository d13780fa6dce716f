package io.ferperturb.perturb.perturbation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.synthetic.FaceParameters;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OccludedMaskPainterTest {
    private static final SyntheticFaceGenerator FACES = new SyntheticFaceGenerator(5);

    @Test
    void theMaskCoversTheLowerFaceAndLeavesTheEyes() {
        OccludedMaskPainter painter = new OccludedMaskPainter(1);
        double lowerFace = 0;
        double mouthAndChin = 0;
        double eyes = 0;
        int faces = 0;
        for (Emotion emotion : Emotion.values()) {
            for (int i = 0; i < 10; i++, faces++) {
                byte[] face = FACES.draw(emotion, i);
                byte[] masked = painter.paint(face, faces);
                lowerFace += changed(face, masked, 28, 48, 0, 48);
                mouthAndChin += changed(face, masked, 28, 45, 14, 34);
                eyes += changed(face, masked, 15, 23, 0, 48);
            }
        }
        lowerFace /= faces;
        mouthAndChin /= faces;
        eyes /= faces;
        assertTrue(mouthAndChin > 0.95, "nose, mouth and chin covered: " + mouthAndChin);
        assertTrue(lowerFace > 0.45, "rows 28 and below, cheeks included: " + lowerFace);
        assertTrue(eyes < 0.05, "eye rows untouched but for the straps: " + eyes);
        assertTrue(lowerFace > 10 * eyes);
    }

    @Test
    void theMaskIsLightAndVariesFromFaceToFaceButRepeatsForASeed() {
        byte[] face = FACES.draw(Emotion.HAPPY, 3);
        OccludedMaskPainter painter = new OccludedMaskPainter(9);

        byte[] a = painter.paint(face, 0);

        assertArrayEquals(a, new OccludedMaskPainter(9).paint(face, 0));
        assertFalse(Arrays.equals(a, painter.paint(face, 1)));
        assertFalse(Arrays.equals(a, new OccludedMaskPainter(10).paint(face, 0)));
        int mouthCentre = a[37 * 48 + 24] & 0xFF;
        assertTrue(mouthCentre > 150, "light grey over the mouth, got " + mouthCentre);
    }

    @Test
    void geometryIsFoundOnSyntheticFacesWithinAPixelOrTwo() {
        double eyeSquares = 0;
        double axisSquares = 0;
        double worstEye = 0;
        int faces = 140;
        for (int i = 0; i < faces; i++) {
            Emotion emotion = Emotion.of(i % 7);
            FaceParameters truth = FACES.parameters(emotion, i);
            double eyeY = truth.pose().centerY() + truth.identity().eyeY() * truth.pose().scale();
            double axisX = truth.pose().centerX() - 0.5;

            OccludedMaskPainter.Geometry g = OccludedMaskPainter.estimate(FACES.draw(emotion, i), 0);

            eyeSquares += (g.eyeY() - eyeY) * (g.eyeY() - eyeY);
            axisSquares += (g.axisX() - axisX) * (g.axisX() - axisX);
            worstEye = Math.max(worstEye, Math.abs(g.eyeY() - eyeY));
        }
        assertTrue(Math.sqrt(eyeSquares / faces) < 1.5, "rms eye-row error " + Math.sqrt(eyeSquares / faces));
        assertTrue(worstEye <= 3.5, "worst eye-row error " + worstEye);
        assertTrue(Math.sqrt(axisSquares / faces) < 2, "rms axis error " + Math.sqrt(axisSquares / faces));
    }

    @Test
    void paintAllKeepsLabelsAndSize() {
        io.ferperturb.domain.data.SplitData in = new io.ferperturb.domain.data.SplitData(
                io.ferperturb.domain.data.Split.PRIVATE_TEST, new byte[] {3, 5},
                concat(FACES.draw(Emotion.HAPPY, 0), FACES.draw(Emotion.SURPRISE, 0)));

        io.ferperturb.domain.data.SplitData out = new OccludedMaskPainter(2).paintAll(in);

        assertEquals(2, out.size());
        assertEquals(5, out.label(1));
        assertArrayEquals(new OccludedMaskPainter(2).paint(in.face(1).pixels(), 1), out.face(1).pixels());
    }

    /** Fraction of pixels in rows [y0, y1) and columns [x0, x1) that changed by more than 8 levels. */
    private static double changed(byte[] a, byte[] b, int y0, int y1, int x0, int x1) {
        int n = 0;
        int total = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                total++;
                int p = y * 48 + x;
                n += Math.abs((a[p] & 0xFF) - (b[p] & 0xFF)) > 8 ? 1 : 0;
            }
        }
        return n / (double) total;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
