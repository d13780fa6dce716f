package io.ferperturb.synthetic;

/**
 * The facial-action cues that carry an expression, in face units (pixels of a 48×48 face at scale 1)
 * or as factors. Upper-face cues (brows, eyes, nose wrinkle) survive a mask over nose and mouth; the
 * mouth cues do not, which is what makes region-masking experiments meaningful.
 *
 * @param browRaise     brows moved up (+) or down (−), pixels
 * @param browTilt      inner brow ends raised (+, sad/fear) or lowered (−, angry), pixels end to end
 * @param browPinch     brows drawn together, pixels
 * @param frown         vertical lines between the brows, 0–1
 * @param foreheadLines horizontal forehead wrinkles of raised brows, 0–1
 * @param eyeOpening    upper-lid opening as a factor of the face's rest opening
 * @param cheekRaise    raised cheeks: lower lids pushed up, nasolabial folds deepened, 0–1
 * @param noseWrinkle   wrinkles across the nose bridge, 0–1
 * @param mouthCurve    mouth corners up (+) or down (−), pixels
 * @param mouthOpening  gap between the lips, pixels
 * @param mouthWidth    mouth width as a factor of the face's rest width
 * @param mouthRound    0 = lens-shaped opening (smile, stretch), 1 = oval (jaw drop)
 * @param teeth         how much of the opening the upper teeth fill, 0–1
 * @param lipPress      lips pressed thin, 0–1
 * @param upperLipRaise upper lip lifted in the middle (disgust), 0–1
 */
public record EmotionCues(
        float browRaise, float browTilt, float browPinch, float frown, float foreheadLines,
        float eyeOpening, float cheekRaise, float noseWrinkle,
        float mouthCurve, float mouthOpening, float mouthWidth, float mouthRound,
        float teeth, float lipPress, float upperLipRaise) {
}
