package io.ferperturb.trainer.training;

/**
 * The class weights of the {@code balanced} loss, as scikit-learn's {@code compute_class_weight("balanced")}
 * gives them: class {@code k} weighs {@code N / (K · count_k)}, so every class present carries the same total
 * weight N / K. A class with no Training image gets weight 0: no image of the job carries it, so it cannot change
 * the loss, and 0 says so instead of suggesting a weight that is never applied. A perturbed dataset (each face as
 * its k + 1 copies) has k + 1 times every count, hence the same weights as its original.
 */
final class ClassWeights {
    private ClassWeights() {
    }

    /** Weights of {@code classes} classes from the Training labels (class indices 0…classes−1). */
    static float[] balanced(byte[] labels, int classes) {
        long[] counts = new long[classes];
        for (byte label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " is not one of the " + classes + " classes");
            }
            counts[label]++;
        }
        float[] weights = new float[classes];
        for (int k = 0; k < classes; k++) {
            weights[k] = counts[k] == 0 ? 0f : (float) ((double) labels.length / ((double) classes * counts[k]));
        }
        return weights;
    }

    /** Total weight of the images {@code labels[from … from+count)}. */
    static double of(int[] labels, int from, int count, float[] weights) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += weights[labels[i]];
        }
        return sum;
    }
}
