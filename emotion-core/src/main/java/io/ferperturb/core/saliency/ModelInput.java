package io.ferperturb.core.saliency;

import io.ferperturb.core.data.FaceImage;
import io.ferperturb.core.data.FacePreprocessing;
import io.ferperturb.core.model.ModelCard;

/** Faces as a model's input: normalised as in training, centre-cropped where the model takes 40×40. */
public final class ModelInput {
    private ModelInput() {
    }

    public static float[] of(byte[][] faces, ModelCard card) {
        float[] full = FacePreprocessing.toInput(faces, card.normalisation());
        int side = card.inputSide();
        if (side == FaceImage.SIDE) {
            return full;
        }
        int offset = (FaceImage.SIDE - side) / 2;
        float[] cropped = new float[faces.length * side * side];
        for (int i = 0; i < faces.length; i++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(full, i * FaceImage.PIXELS + (y + offset) * FaceImage.SIDE + offset, cropped,
                        (i * side + y) * side, side);
            }
        }
        return cropped;
    }

    /** The face as shown under the map: cropped the same way. */
    public static byte[] shown(byte[] face, ModelCard card) {
        int side = card.inputSide();
        if (side == FaceImage.SIDE) {
            return face;
        }
        int offset = (FaceImage.SIDE - side) / 2;
        byte[] out = new byte[side * side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(face, (y + offset) * FaceImage.SIDE + offset, out, y * side, side);
        }
        return out;
    }
}
