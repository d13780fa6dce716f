package io.ferperturb.synthetic;

/**
 * A plain multinomial logistic regression for tests: features standardised per column, full-batch
 * gradient descent with momentum and L2 weight decay. Small and deterministic, enough to tell whether
 * a data set is learnable from pixels and which regions the classes depend on.
 */
final class SoftmaxRegression {
    private final int classes;
    private final int features;
    private final float[] mean;
    private final float[] invStd;
    private final float[][] weights;
    private final float[] bias;

    private SoftmaxRegression(int classes, int features) {
        this.classes = classes;
        this.features = features;
        this.mean = new float[features];
        this.invStd = new float[features];
        this.weights = new float[classes][features];
        this.bias = new float[classes];
    }

    /** Fits on rows {@code x} with labels {@code y} in [0, classes). */
    static SoftmaxRegression fit(float[][] x, int[] y, int classes, int epochs, float learningRate, float l2) {
        int n = x.length;
        SoftmaxRegression model = new SoftmaxRegression(classes, x[0].length);
        model.standardiseFrom(x);
        float[][] z = new float[n][];
        for (int i = 0; i < n; i++) {
            z[i] = model.standardise(x[i]);
        }
        float[][] velocity = new float[classes][model.features];
        float[] biasVelocity = new float[classes];
        float[][] gradient = new float[classes][model.features];
        float[] biasGradient = new float[classes];
        float[] p = new float[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (float[] g : gradient) {
                java.util.Arrays.fill(g, 0);
            }
            java.util.Arrays.fill(biasGradient, 0);
            for (int i = 0; i < n; i++) {
                model.probabilities(z[i], p);
                p[y[i]] -= 1;
                for (int c = 0; c < classes; c++) {
                    float e = p[c] / n;
                    float[] g = gradient[c];
                    float[] row = z[i];
                    for (int f = 0; f < row.length; f++) {
                        g[f] += e * row[f];
                    }
                    biasGradient[c] += e;
                }
            }
            for (int c = 0; c < classes; c++) {
                float[] w = model.weights[c];
                for (int f = 0; f < w.length; f++) {
                    velocity[c][f] = 0.9f * velocity[c][f] - learningRate * (gradient[c][f] + l2 * w[f]);
                    w[f] += velocity[c][f];
                }
                biasVelocity[c] = 0.9f * biasVelocity[c] - learningRate * biasGradient[c];
                model.bias[c] += biasVelocity[c];
            }
        }
        return model;
    }

    int predict(float[] row) {
        float[] p = new float[classes];
        probabilities(standardise(row), p);
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private void standardiseFrom(float[][] x) {
        int n = x.length;
        for (float[] row : x) {
            for (int f = 0; f < features; f++) {
                mean[f] += row[f] / n;
            }
        }
        float[] variance = new float[features];
        for (float[] row : x) {
            for (int f = 0; f < features; f++) {
                float d = row[f] - mean[f];
                variance[f] += d * d / n;
            }
        }
        for (int f = 0; f < features; f++) {
            invStd[f] = variance[f] > 1e-6f ? (float) (1 / Math.sqrt(variance[f])) : 0f;
        }
    }

    private float[] standardise(float[] row) {
        float[] z = new float[features];
        for (int f = 0; f < features; f++) {
            z[f] = (row[f] - mean[f]) * invStd[f];
        }
        return z;
    }

    private void probabilities(float[] z, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            float s = bias[c];
            float[] w = weights[c];
            for (int f = 0; f < features; f++) {
                s += w[f] * z[f];
            }
            out[c] = s;
            max = Math.max(max, s);
        }
        float sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = (float) Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }
}
