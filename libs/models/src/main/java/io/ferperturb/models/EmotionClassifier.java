package io.ferperturb.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.ferperturb.domain.data.FaceImage;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.TenCrop;

/**
 * Forward passes of a loaded model over preprocessed 48×48 faces; a model trained on smaller crops answers
 * with its mean logits over the face's {@link TenCrop}. Every call allocates in its own sub-manager, so native
 * memory stays flat in a serving loop; safe to call from several threads.
 */
public final class EmotionClassifier {
    private final LoadedModel loaded;

    public EmotionClassifier(LoadedModel loaded) {
        this.loaded = loaded;
    }

    public ModelCard card() {
        return loaded.card();
    }

    /** Logits, one row per face; {@code faces[i]} holds 2,304 grey pixels. */
    public float[][] logits(byte[][] faces) {
        int n = faces.length;
        float[] flat = logitsOfFaces(loaded.model(), FacePreprocessing.toInput(faces, loaded.card().normalisation()), n,
                loaded.card().inputSide());
        int classes = flat.length / n;
        float[][] rows = new float[n][classes];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * classes, rows[i], 0, classes);
        }
        return rows;
    }

    /**
     * Logits of {@code n} normalised 48×48 faces (flat, n × classes) from a model taking side×side input: one
     * forward pass over the faces themselves, or, for a model trained on crops, over their ten crops, averaged.
     */
    public static float[] logitsOfFaces(Model model, float[] faces, int n, int side) {
        if (side == FaceImage.SIDE) {
            return forward(model, faces, n, side);
        }
        return TenCrop.meanLogits(forward(model, TenCrop.of(faces, n, side), n * TenCrop.COUNT, side), n);
    }

    /**
     * One inference-mode forward pass over {@code n} normalised 1×side×side inputs; returns the logits
     * flat (n × classes). All native memory is freed before returning.
     */
    public static float[] forward(Model model, float[] inputs, int n, int side) {
        Djl.noGradientsOnThisThread();
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = Djl.images(sub, inputs, n, side);
            NDList out = model.getBlock().forward(new ParameterStore(sub, false), new NDList(x), false);
            return out.singletonOrThrow().toFloatArray();
        }
    }

    /** Softmax probabilities, one row per face. */
    public float[][] probabilities(byte[][] faces) {
        float[][] rows = logits(faces);
        for (float[] row : rows) {
            softmaxInPlace(row);
        }
        return rows;
    }

    public static void softmaxInPlace(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] /= (float) sum;
        }
    }
}
