package io.ferperturb.synthetic;

/**
 * One eye: socket shading, the opening between two parabolic lids (the upper one set by the
 * expression's eye opening, the lower one pushed up by raised cheeks), sclera, iris, pupil and lashes.
 */
final class EyePainter {
    private EyePainter() {
    }

    /** @param side −1 for the eye on the image's left, +1 for the right one */
    static void paint(FaceCanvas canvas, FaceIdentity id, FacePose pose, EmotionCues cues, int side) {
        float centerU = side * id.eyeHalfSpacing() + pose.yaw() * 1.5f;
        float centerV = id.eyeY();
        float halfWidth = id.eyeHalfWidth() * (1f + side * pose.yaw() * 0.1f);
        float upper = id.eyeRestOpening() * cues.eyeOpening();
        float lower = id.eyeRestOpening() * 0.6f * (1f - 0.4f * cues.cheekRaise())
                * Math.min(1f, 0.6f + 0.4f * cues.eyeOpening());
        canvas.shade(centerU, centerV - 0.4f, halfWidth * 1.6f, 3.8f, id.socketDepth());
        if (!canvas.enter(centerU, centerV, halfWidth + 1.5f, upper + 2f)) {
            return;
        }
        float irisU = id.gazeX() + pose.yaw() * 0.4f;
        float irisV = 0.15f;
        float irisRadius = id.irisRadius();
        float pupilRadius = 0.45f * irisRadius;
        float invHalfWidth = 1f / halfWidth;
        float[] lum = canvas.lum;
        for (int y = canvas.y0; y <= canvas.y1; y++) {
            for (int x = canvas.x0; x <= canvas.x1; x++) {
                float lx = canvas.localX(x, y);
                float ly = canvas.localY(x, y);
                float t = lx * invHalfWidth;
                float across = 1f - Math.abs(t);
                if (across < -0.3f) {
                    continue;
                }
                float profile = Math.max(0, 1f - t * t);
                float upperLid = -upper * profile;
                float lowerLid = lower * profile;
                float open = canvas.coverage(Math.min(ly - upperLid, lowerLid - ly)) * canvas.coverage(across * halfWidth);
                int i = y * FaceCanvas.SIDE + x;
                float base = lum[i];
                float value = base;
                if (open > 0) {
                    float dx = lx - irisU;
                    float dy = ly - irisV;
                    float r = (float) Math.sqrt(dx * dx + dy * dy);
                    float sclera = Math.min(1f, base * 1.15f + 0.1f);
                    float interior = sclera + (id.irisTone() - sclera) * canvas.coverage(irisRadius - r);
                    interior += (0.03f - interior) * canvas.coverage(pupilRadius - r);
                    value += (interior - value) * open;
                }
                float lash = canvas.coverage(0.55f - Math.abs(ly - upperLid + 0.2f))
                        * canvas.coverage((across + 0.15f) * halfWidth);
                float lowerLine = canvas.coverage(0.4f - Math.abs(ly - lowerLid - 0.2f)) * canvas.coverage(across * halfWidth);
                lum[i] = value * (1f - 0.65f * lash) * (1f - 0.2f * lowerLine);
            }
        }
    }
}
