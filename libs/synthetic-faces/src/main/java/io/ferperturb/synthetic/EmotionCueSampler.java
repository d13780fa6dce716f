package io.ferperturb.synthetic;

import io.ferperturb.domain.data.Emotion;

/**
 * Draws an expression's cues from per-class distributions. Each class has one or more variants (a
 * closed or an open smile; a pressed or an open angry mouth) and every cue is a random draw, with
 * deliberate overlap between fear and surprise, sad and neutral, angry and disgust.
 *
 * <p>Design constraint: happy is told apart mostly by the mouth (its upper-face cues are weak), angry
 * mostly by brows, frown lines and eyes (its mouth resembles neutral's or disgust's), so masking the
 * lower face hurts happy much more than angry.
 */
final class EmotionCueSampler {
    private EmotionCueSampler() {
    }

    static EmotionCues sample(Emotion emotion, RandomDraws draw) {
        Draft d = Draft.neutral(draw);
        switch (emotion) {
            case NEUTRAL -> {
                if (draw.chance(0.15)) {
                    d.mouthOpening = draw.normal(0.9, 0.4, 0, 2);
                }
            }
            case HAPPY -> happy(d, draw);
            case SAD -> sad(d, draw);
            case ANGRY -> angry(d, draw);
            case DISGUST -> disgust(d, draw);
            case FEAR -> fear(d, draw);
            case SURPRISE -> surprise(d, draw);
        }
        return d.build();
    }

    private static void happy(Draft d, RandomDraws draw) {
        d.eyeOpening = draw.normal(0.93, 0.1, 0.6, 1.2);
        d.cheekRaise = draw.normal(0.4, 0.2, 0, 1);
        d.mouthWidth = draw.normal(1.22, 0.08, 1.0, 1.45);
        d.lipPress = draw.normal(0.3, 0.15, 0, 1);
        if (draw.chance(0.45)) {
            d.mouthCurve = draw.normal(2.7, 0.7, 1.0, 4.5);
        } else {
            d.mouthCurve = draw.normal(2.3, 0.7, 0.8, 4);
            d.mouthOpening = draw.normal(3.4, 1.0, 1.5, 5.5);
            d.teeth = draw.normal(0.85, 0.12, 0.4, 1);
            d.mouthRound = draw.normal(0.2, 0.1, 0, 0.5);
        }
    }

    private static void sad(Draft d, RandomDraws draw) {
        boolean subtle = draw.chance(0.35);
        d.browTilt = subtle ? draw.normal(0.9, 0.5) : draw.normal(1.8, 0.6);
        d.browRaise = draw.normal(0.2, 0.6);
        d.browPinch = draw.normal(0.6, 0.3, 0, 1.5);
        d.eyeOpening = draw.normal(0.8, 0.1, 0.5, 1.1);
        d.mouthCurve = subtle ? draw.normal(-0.6, 0.5) : draw.normal(-1.4, 0.6);
        d.mouthWidth = draw.normal(0.95, 0.07, 0.8, 1.15);
        d.lipPress = draw.normal(0.45, 0.2, 0, 1);
        if (draw.chance(0.15)) {
            d.mouthOpening = draw.normal(1.2, 0.5, 0, 2.5);
        }
    }

    private static void angry(Draft d, RandomDraws draw) {
        d.browRaise = draw.normal(-1.5, 0.6);
        d.browTilt = draw.normal(-2.4, 0.6, -4.5, -0.5);
        d.browPinch = draw.normal(1.2, 0.3, 0.3, 2);
        d.frown = draw.normal(0.7, 0.2, 0.2, 1);
        d.eyeOpening = draw.chance(0.5) ? draw.normal(1.1, 0.12, 0.85, 1.4) : draw.normal(0.75, 0.1, 0.5, 1.0);
        double mouth = draw.uniform(0, 1);
        if (mouth < 0.45) {
            d.lipPress = draw.normal(0.8, 0.15, 0.4, 1);
            d.mouthCurve = draw.normal(-0.5, 0.5);
            d.mouthWidth = draw.normal(0.92, 0.07, 0.75, 1.1);
        } else if (mouth < 0.7) {
            d.mouthOpening = draw.normal(2.8, 1.0, 1, 5);
            d.teeth = draw.normal(0.7, 0.2, 0.2, 1);
            d.mouthCurve = draw.normal(-0.8, 0.5);
            d.mouthWidth = draw.normal(1.05, 0.08, 0.85, 1.25);
        }
        // otherwise the neutral mouth: angry is read from the upper face
    }

    private static void disgust(Draft d, RandomDraws draw) {
        d.browRaise = draw.normal(-0.9, 0.6);
        d.browTilt = draw.normal(-1.0, 0.6);
        d.browPinch = draw.normal(0.8, 0.3, 0, 1.6);
        d.frown = draw.normal(0.35, 0.2, 0, 1);
        d.eyeOpening = draw.normal(0.7, 0.1, 0.45, 1.0);
        d.cheekRaise = draw.normal(0.4, 0.2, 0, 1);
        d.noseWrinkle = draw.normal(0.75, 0.2, 0.2, 1);
        d.upperLipRaise = draw.normal(0.8, 0.2, 0.3, 1);
        d.mouthCurve = draw.normal(-1.0, 0.6);
        d.lipPress = draw.normal(0.3, 0.2, 0, 1);
        if (draw.chance(0.4)) {
            d.mouthOpening = draw.normal(1.6, 0.7, 0.5, 3.5);
            d.teeth = draw.normal(0.5, 0.2, 0, 1);
        }
    }

    private static void fear(Draft d, RandomDraws draw) {
        d.browRaise = draw.normal(1.7, 0.7);
        d.browTilt = draw.normal(1.4, 0.6);
        d.browPinch = draw.normal(0.8, 0.3, 0, 1.6);
        d.foreheadLines = draw.normal(0.4, 0.2, 0, 1);
        d.eyeOpening = draw.normal(1.35, 0.12, 1.0, 1.7);
        d.mouthWidth = draw.normal(1.2, 0.08, 1.0, 1.4);
        d.mouthCurve = draw.normal(-0.8, 0.5);
        d.lipPress = draw.normal(0.5, 0.2, 0, 1);
        if (draw.chance(0.6)) {
            d.mouthOpening = draw.normal(2.2, 0.8, 0.8, 4.5);
            d.teeth = draw.normal(0.5, 0.2, 0, 1);
        }
    }

    private static void surprise(Draft d, RandomDraws draw) {
        d.browRaise = draw.normal(2.5, 0.6);
        d.browTilt = draw.normal(0.2, 0.5);
        d.browPinch = draw.normal(0, 0.2, -0.5, 0.6);
        d.foreheadLines = draw.normal(0.7, 0.2, 0, 1);
        d.eyeOpening = draw.normal(1.45, 0.12, 1.1, 1.8);
        d.mouthRound = draw.normal(0.85, 0.15, 0.4, 1);
        d.lipPress = 0;
        if (draw.chance(0.7)) {
            d.mouthOpening = draw.normal(5.0, 1.1, 2.5, 7.5);
            d.mouthWidth = draw.normal(0.72, 0.07, 0.55, 0.9);
            d.teeth = draw.normal(0.15, 0.1, 0, 0.4);
        } else {
            d.mouthOpening = draw.normal(2.2, 0.6, 1, 3.5);
            d.mouthWidth = draw.normal(0.82, 0.07, 0.65, 1);
        }
    }

    /** Mutable cues, started at a neutral face and then moved by the class's variant. */
    private static final class Draft {
        float browRaise;
        float browTilt;
        float browPinch;
        float frown;
        float foreheadLines;
        float eyeOpening;
        float cheekRaise;
        float noseWrinkle;
        float mouthCurve;
        float mouthOpening;
        float mouthWidth;
        float mouthRound;
        float teeth;
        float lipPress;
        float upperLipRaise;

        static Draft neutral(RandomDraws draw) {
            Draft d = new Draft();
            d.browRaise = draw.normal(0, 0.6);
            d.browTilt = draw.normal(0, 0.5);
            d.browPinch = draw.normal(0.2, 0.2, 0, 1);
            d.eyeOpening = draw.normal(1.0, 0.1, 0.7, 1.3);
            d.mouthCurve = draw.normal(0, 0.5);
            d.mouthWidth = draw.normal(1.0, 0.07, 0.85, 1.2);
            d.mouthRound = draw.normal(0.3, 0.15, 0, 1);
            d.lipPress = draw.normal(0.2, 0.15, 0, 1);
            return d;
        }

        EmotionCues build() {
            return new EmotionCues(browRaise, browTilt, browPinch, frown, foreheadLines, eyeOpening, cheekRaise,
                    noseWrinkle, mouthCurve, mouthOpening, mouthWidth, mouthRound, teeth, lipPress, upperLipRaise);
        }
    }
}
