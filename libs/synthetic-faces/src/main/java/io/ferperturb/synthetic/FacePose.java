package io.ferperturb.synthetic;

/**
 * How the face was captured: placement in the 48×48 crop, in-plane rotation, a yaw-like sideways shift
 * of the features, lighting and the camera's contrast and noise.
 *
 * @param centerX     image x of the face origin (between eyes and mouth)
 * @param centerY     image y of the face origin
 * @param scale       image pixels per face unit
 * @param rotation    in-plane rotation, radians
 * @param yaw         −1…1; features shift sideways (the nose tip most) as if the head were turned
 * @param lightX      horizontal lighting gradient across the face (fraction of skin tone)
 * @param lightY      vertical lighting gradient
 * @param edgeShade   darkening towards the face outline (roundness)
 * @param contrast    gain around mid-grey
 * @param brightness  offset, luminance units
 * @param noise       standard deviation of pixel noise, luminance units
 */
public record FacePose(float centerX, float centerY, float scale, float rotation, float yaw,
                       float lightX, float lightY, float edgeShade,
                       float contrast, float brightness, float noise) {

    static FacePose sample(RandomDraws d) {
        double lightAngle = d.uniform(0, 2 * Math.PI);
        float lightStrength = d.uniform(0, 0.35);
        return new FacePose(
                24 + d.uniform(-1.5f, 1.5f), 24 + d.uniform(-1.5f, 1.5f), d.uniform(0.93, 1.08),
                d.normal(0, Math.toRadians(4), -Math.toRadians(10), Math.toRadians(10)), d.uniform(-0.8, 0.8),
                (float) (lightStrength * StrictMath.cos(lightAngle)),
                (float) (0.5 * lightStrength * StrictMath.sin(lightAngle)),
                d.uniform(0.15, 0.4),
                d.uniform(0.75, 1.25), d.uniform(-0.1, 0.1), d.uniform(0.008, 0.035));
    }
}
