package io.ferperturb.synthetic;

/**
 * Who is pictured: head shape, feature placement and tones that vary between people but not with
 * expression. Lengths are in face units (pixels at scale 1, origin at the face centre, y down); tones
 * are luminances 0–1, darkening factors are fractions removed from the skin below.
 */
public record FaceIdentity(
        float headHalfWidth, float headHalfHeight, float jawTaper,
        float skinTone, float hairTone, float backgroundTone, float backgroundSlope,
        float hairlineY, float hairlineCurve, float hairVolume,
        float eyeY, float eyeHalfSpacing, float eyeHalfWidth, float eyeRestOpening,
        float irisRadius, float irisTone, float gazeX, float socketDepth,
        float browGap, float browHalfLength, float browThickness, float browDarkness, float browArch,
        float noseTipY, float noseHalfWidth,
        float mouthY, float mouthHalfWidth, float lipDarkness, float lipThickness) {

    static FaceIdentity sample(RandomDraws d) {
        float eyeY = d.normal(-5, 0.7);
        return new FaceIdentity(
                d.normal(23, 1.2, 20.5, 25.5), d.normal(25, 1.0, 23, 27), d.uniform(0.3, 0.55),
                d.uniform(0.45, 0.8), d.uniform(0.04, 0.35), d.uniform(0.05, 0.85), d.uniform(-0.15, 0.15),
                d.uniform(-22, -15), d.uniform(3, 10), d.chance(0.8) ? d.uniform(1, 5) : 0,
                eyeY, d.normal(9.6, 0.6, 8.4, 10.8), d.normal(3.8, 0.25, 3.3, 4.3), d.normal(1.6, 0.15, 1.25, 1.95),
                d.normal(1.9, 0.15, 1.55, 2.25), d.uniform(0.08, 0.35), d.normal(0, 0.35, -0.7, 0.7),
                d.uniform(0.12, 0.35),
                d.normal(5.5, 0.5, 4.5, 6.7), d.normal(5.0, 0.4, 4.2, 5.8), d.normal(1.7, 0.35, 1.1, 2.5),
                d.uniform(0.35, 0.7), d.uniform(0.2, 0.9),
                d.normal(5.2, 0.6, 4, 6.5), d.normal(2.6, 0.25, 2.1, 3.2),
                d.normal(12.6, 0.7, 11.2, 14), d.normal(6.8, 0.5, 5.8, 7.8), d.uniform(0.1, 0.28),
                d.normal(1.4, 0.2, 1.0, 1.9));
    }
}
