package io.ferperturb.synthetic;

/**
 * Draws {@link FaceParameters} as a 48×48 crop in FER2013's framing: forehead at the top edge, chin at
 * the bottom, cheeks near the sides; eyes around rows 16–22, the mouth around rows 32–40.
 * Layers go back to front: background, hair and head, nose, eyes, brows and wrinkles, mouth, and
 * finally contrast and noise.
 */
final class FacePainter {
    /** Face-unit y of the head ellipse's centre (the face origin sits between eyes and mouth). */
    private static final float HEAD_CENTER_Y = 0.5f;

    private final FaceIdentity id;
    private final FacePose pose;
    private final EmotionCues cues;
    private final FaceCanvas canvas;

    private FacePainter(FaceParameters face) {
        this.id = face.identity();
        this.pose = face.pose();
        this.cues = face.cues();
        this.canvas = new FaceCanvas(pose);
    }

    static byte[] paint(FaceParameters face) {
        FacePainter painter = new FacePainter(face);
        painter.paintHeadAndBackground();
        painter.paintNose();
        for (int side = -1; side <= 1; side += 2) {
            EyePainter.paint(painter.canvas, painter.id, painter.pose, painter.cues, side);
        }
        painter.paintBrowsAndWrinkles();
        MouthPainter.paint(painter.canvas, painter.id, painter.pose, painter.cues);
        return painter.canvas.toBytes(face.pose(), face.noiseSeed());
    }

    /** One pass over every pixel: background, hair around and on the head, the lit and rounded skin, neck. */
    private void paintHeadAndBackground() {
        float a = id.headHalfWidth();
        float b = id.headHalfHeight();
        float invA = 1f / a;
        float invB = 1f / b;
        float edge = 0.5f * a;
        float jaw = id.jawTaper();
        float hairInvA = 1f / (a + id.hairVolume());
        float hairInvB = 1f / (b + id.hairVolume());
        float hairEnd = -2f + 2.5f * id.hairVolume() - HEAD_CENTER_Y;
        float neckHalfWidth = 0.55f * a;
        float[] lum = canvas.lum;
        canvas.enterAll(0, HEAD_CENTER_Y);
        float uStep = canvas.localXStep();
        float vStep = canvas.localYStep();
        for (int y = 0; y < FaceCanvas.SIDE; y++) {
            float background = id.backgroundTone();
            float u = canvas.localX(0, y) - uStep;
            float v = canvas.localY(0, y) - vStep;
            for (int x = 0; x < FaceCanvas.SIDE; x++) {
                u += uStep;
                v += vStep;
                float vn = v * invB;
                float taper = vn > 0 ? 1f - jaw * vn * vn : 1f;
                float un = u * invA / taper;
                float q = un * un + vn * vn;
                float inHead = canvas.coverage((1f - q) * edge);

                float qc = Math.min(q, 1f);
                float skin = id.skinTone() * (1f + pose.lightX() * u * invA + pose.lightY() * vn)
                        * (1f - pose.edgeShade() * qc * qc);
                float hairline = id.hairlineY() - HEAD_CENTER_Y + id.hairlineCurve() * un * un;
                float hairOnHead = canvas.coverage(0.8f * (hairline - v));
                float inside = skin + (id.hairTone() - skin) * hairOnHead;

                float outside = background + id.backgroundSlope() * (x - 23.5f) / 24f;
                float hu = u * hairInvA;
                float hv = v * hairInvB;
                float hairAround = canvas.coverage((1f - (hu * hu + hv * hv)) * edge) * canvas.coverage(hairEnd - v);
                outside += (id.hairTone() - outside) * hairAround;
                if (v > 0) {
                    float neck = canvas.coverage(neckHalfWidth - Math.abs(u));
                    outside += (0.7f * skin - outside) * neck;
                }
                lum[y * FaceCanvas.SIDE + x] = outside + (inside - outside) * inHead;
            }
        }
    }

    /** Nose by shading only: bridge sides (the side away from the light darker), tip highlight, nostrils. */
    private void paintNose() {
        float bridgeU = pose.yaw() * 1.8f;
        float tipU = pose.yaw() * 3f;
        float tipY = id.noseTipY();
        float w = id.noseHalfWidth();
        canvas.shade(bridgeU - 2.6f, tipY - 5f, 2.4f, 5.5f, 0.05f + 0.5f * Math.max(0, pose.lightX()));
        canvas.shade(bridgeU + 2.6f, tipY - 5f, 2.4f, 5.5f, 0.05f + 0.5f * Math.max(0, -pose.lightX()));
        canvas.shade(tipU, tipY - 0.9f, 1.6f, 1.5f, -0.06f);
        for (int side = -1; side <= 1; side += 2) {
            canvas.shade(tipU + side * w, tipY + 0.2f, 1.1f, 1.5f, 0.18f);
            canvas.shade(tipU + side * 0.75f * w, tipY + 1.1f, 1.1f, 0.7f, 0.6f);
        }
        canvas.shade(tipU, tipY + 2.2f, 2.8f, 1.0f, 0.2f);
    }

    /** Brows (height, tilt, pinch), frown lines, forehead lines, nose wrinkles and raised cheeks. */
    private void paintBrowsAndWrinkles() {
        float shift = pose.yaw() * 1.5f;
        float browY = id.eyeY() - id.browGap() - cues.browRaise();
        float bend = 0.6f * id.browArch() + 0.3f * Math.max(0, cues.browRaise());
        for (int side = -1; side <= 1; side += 2) {
            float u = side * (id.eyeHalfSpacing() + 0.4f - 0.7f * cues.browPinch()) + shift;
            canvas.stroke(u, browY, id.browHalfLength(), 0, bend, 0.5f * side * cues.browTilt(),
                    id.browThickness(), -0.3f * side, id.browDarkness());
            canvas.stroke(side * 1.1f + shift, browY + 2.4f + 0.5f * cues.browRaise(), 1.6f,
                    (float) (Math.PI / 2) + side * 0.15f, 0, 0, 0.7f, 0, 0.4f * cues.frown());
            canvas.shade(side * 8f + shift, 2.5f, 4.5f, 3f, -0.06f * cues.cheekRaise());
        }
        for (int k = 1; k <= 2; k++) {
            canvas.stroke(shift, browY - 3f * k, 6.5f, 0, 0.8f, 0, 0.7f, 0, 0.2f * cues.foreheadLines());
        }
        for (int k = 0; k < 3; k++) {
            canvas.stroke(pose.yaw() * 1.8f, id.eyeY() + 2.2f + 1.3f * k, 1.8f, 0, -0.3f, 0, 0.6f, 0,
                    0.35f * cues.noseWrinkle());
        }
    }
}
