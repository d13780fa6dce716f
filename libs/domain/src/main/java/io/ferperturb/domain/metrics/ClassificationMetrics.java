package io.ferperturb.domain.metrics;

import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.domain.event.EvaluationResult.ClassMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, balanced accuracy (mean per-class recall, the authors' "overall accuracy"), macro-F1,
 * per-class precision/recall/F1/support and the confusion matrix (rows = truth, columns = prediction).
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    public static EvaluationResult evaluate(String split, int[] truth, int[] predicted, List<String> classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        int k = classes.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
        double recallSum = 0;
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int support = 0;
            int predictedAs = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            double precision = predictedAs == 0 ? 0 : (double) tp / predictedAs;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(classes.get(c), new ClassMetrics(precision, recall, f1, support));
            if (support > 0) {
                // classes absent from the split would drag the means down for no reason
                recallSum += recall;
                f1Sum += f1;
                present++;
            }
        }
        double accuracy = truth.length == 0 ? 0 : (double) correct / truth.length;
        return new EvaluationResult(null, null, split, accuracy, present == 0 ? 0 : recallSum / present,
                present == 0 ? 0 : f1Sum / present, perClass, confusion, null, null);
    }

    /** Index of the largest value of each row. */
    public static int[] argmax(float[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = argmax(rows[i], 0, rows[i].length);
        }
        return out;
    }

    /** Index (0…length−1) of the largest of {@code values[offset … offset+length)}. */
    public static int argmax(float[] values, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
