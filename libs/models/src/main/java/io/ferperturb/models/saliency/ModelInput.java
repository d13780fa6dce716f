package io.ferperturb.models.saliency;

import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.TenCrop;
import io.ferperturb.models.ModelCard;

/** Faces as a model's input: normalised as in training, centre-cropped (TenCrop's centre) where the model takes 40×40. */
public final class ModelInput {
    private ModelInput() {
    }

    public static float[] of(byte[][] faces, ModelCard card) {
        float[] full = FacePreprocessing.toInput(faces, card.normalisation());
        int side = card.inputSide();
        if (side == FaceImage.SIDE) {
            return full;
        }
        int offset = TenCrop.centre(side);
        float[] cropped = new float[faces.length * side * side];
        for (int i = 0; i < faces.length; i++) {
            TenCrop.copy(full, i * FaceImage.PIXELS, offset, offset, side, false, cropped, i * side * side);
        }
        return cropped;
    }

    /** The face as shown under the map: cropped the same way. */
    public static byte[] shown(byte[] face, ModelCard card) {
        int side = card.inputSide();
        if (side == FaceImage.SIDE) {
            return face;
        }
        int offset = TenCrop.centre(side);
        byte[] out = new byte[side * side];
        for (int y = 0; y < side; y++) {
            System.arraycopy(face, (y + offset) * FaceImage.SIDE + offset, out, y * side, side);
        }
        return out;
    }
}
