package io.ferperturb.synthetic;

/**
 * The mouth and what moves with it: a centre line curved by the expression (corners up for a smile,
 * down for sadness), an opening that is lens-shaped (smile, stretched lips) or oval (jaw drop), upper
 * teeth, lips, the shadow under the lower lip, and nasolabial folds that deepen with raised cheeks.
 */
final class MouthPainter {
    private MouthPainter() {
    }

    static void paint(FaceCanvas canvas, FaceIdentity id, FacePose pose, EmotionCues cues) {
        float centerU = pose.yaw() * 2.2f;
        float centerV = id.mouthY();
        float halfWidth = id.mouthHalfWidth() * cues.mouthWidth();
        float curve = cues.mouthCurve();
        float opening = cues.mouthOpening();
        float lip = id.lipThickness() * (1f - 0.6f * cues.lipPress());
        float raise = 1.3f * cues.upperLipRaise();

        float tipU = pose.yaw() * 3f;
        for (int side = -1; side <= 1; side += 2) {
            canvas.strokeBetween(tipU + side * (id.noseHalfWidth() + 0.8f), id.noseTipY() + 0.3f,
                    centerU + side * (halfWidth + 1.2f), centerV + 1f - 0.6f * curve,
                    0, 0.8f, 0.07f + 0.3f * cues.cheekRaise());
        }
        canvas.shade(centerU, centerV + 0.65f * opening + 1.6f * lip + 1.8f, 0.6f * halfWidth, 1.3f, 0.18f);

        float reachY = opening + 2.5f * lip + Math.abs(curve) + raise + 2f;
        if (!canvas.enter(centerU, centerV, halfWidth + 1.5f, reachY)) {
            return;
        }
        float invHalfWidth = 1f / halfWidth;
        float teethHeight = cues.teeth() * Math.min(0.5f * opening, 2.4f);
        float[] lum = canvas.lum;
        for (int y = canvas.y0; y <= canvas.y1; y++) {
            for (int x = canvas.x0; x <= canvas.x1; x++) {
                float lx = canvas.localX(x, y);
                float ly = canvas.localY(x, y);
                float t = lx * invHalfWidth;
                float across = 1f - Math.abs(t);
                if (across < -0.2f) {
                    continue;
                }
                float tt = Math.min(t * t, 1f);
                float p = 1f - tt;
                float profile = p + ((float) Math.sqrt(p) - p) * cues.mouthRound();
                float center = curve * (0.4f - tt);
                float upperEdge = center - opening * 0.35f * profile - raise * p;
                float lowerEdge = center + opening * 0.65f * profile;
                float ends = canvas.coverage(across * halfWidth);

                int i = y * FaceCanvas.SIDE + x;
                float base = lum[i];
                float lipBand = 0.4f + 0.6f * p;
                float lips = canvas.coverage(Math.min(ly - (upperEdge - lip * lipBand), lowerEdge + 1.2f * lip * lipBand - ly)) * ends;
                float value = base * (1f - id.lipDarkness() * lips);

                float mid = 0.5f * (upperEdge + lowerEdge);
                float gap = lowerEdge - upperEdge;
                float half = Math.max(0.5f * gap, 0.42f);
                float open = canvas.coverage(half - Math.abs(ly - mid)) * canvas.coverage((across + 0.03f) * halfWidth);
                if (open > 0) {
                    float cavity = 0.08f * base;
                    float teeth = teethHeight > 0 ? canvas.coverage(upperEdge + teethHeight - ly) : 0;
                    float inner = cavity + (Math.min(1f, base * 1.3f + 0.1f) - cavity) * teeth;
                    float strength = open * Math.min(1f, 0.6f + 0.4f * gap + 0.25f * cues.lipPress());
                    value += (inner - value) * strength;
                }
                lum[i] = value;
            }
        }
    }
}
