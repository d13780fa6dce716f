package io.ferperturb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.data.Emotion;

/**
 * Prints an experiment's results as plain text: the mean ± standard deviation over seeds of every model and
 * control, the paired comparisons of each perturbed model with the baseline and the controls (per seed, with
 * their 95% intervals and McNemar's p), and the per-class deltas.
 */
final class ResultsPrinter {
    private ResultsPrinter() {
    }

    static void print(JsonNode experiment) {
        JsonNode table = experiment.path("table");
        summary(table);
        comparisons(table);
        deltas(table);
    }

    private static void summary(JsonNode table) {
        System.out.println("=== PrivateTest accuracy, mean ± SD over seeds (bal. = balanced accuracy) ===");
        System.out.printf("%-10s %-14s %-3s %5s %15s %15s %15s %15s %15s%n", "model", "variant", "n", "seeds", "acc",
                "bal.acc", "macro-F1", "acc TTA", "occl.acc");
        for (JsonNode s : table.path("summary")) {
            System.out.printf("%-10s %-14s %-3s %5d %15s %15s %15s %15s %15s%n", s.get("architecture").asText(),
                    s.get("variant").asText(), s.hasNonNull("clusters") ? s.get("clusters").asText() : "",
                    s.get("seeds").asInt(), spread(s.path("clean").path("accuracy")),
                    spread(s.path("clean").path("balancedAccuracy")), spread(s.path("clean").path("macroF1")),
                    spread(s.path("cleanTta").path("accuracy")), spread(s.path("occluded").path("accuracy")));
        }
    }

    private static void comparisons(JsonNode table) {
        if (table.path("comparisons").isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("=== perturbed minus reference, per seed: accuracy difference, paired bootstrap 95% CI, "
                + "McNemar p ===");
        System.out.printf("%-10s %-3s %6s %-13s %-9s %8s %19s %8s  %s%n", "model", "n", "seed", "against", "test set",
                "diff", "95% CI", "p", "");
        for (JsonNode c : table.get("comparisons")) {
            System.out.printf("%-10s %-3d %6d %-13s %-9s %+8.1f %19s %8.3g  %s%n", c.get("architecture").asText(),
                    c.get("clusters").asInt(), c.get("seed").asLong(), c.get("against").asText(),
                    c.get("testSet").asText(), 100 * c.get("difference").asDouble(),
                    String.format("[%+.1f, %+.1f]", 100 * c.get("low").asDouble(), 100 * c.get("high").asDouble()),
                    c.get("mcNemarP").asDouble(), c.get("significant").asBoolean() ? "" : "not significant");
        }
    }

    private static void deltas(JsonNode table) {
        if (table.path("deltas").isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("=== per-class change, perturbed minus baseline, means over seeds (per-class accuracy, points) ===");
        StringBuilder header = new StringBuilder(String.format("%-10s %-3s %-9s %7s", "model", "n", "test set", "acc"));
        for (String label : Emotion.labels()) {
            header.append(String.format(" %8s", label));
        }
        System.out.println(header);
        for (JsonNode d : table.get("deltas")) {
            StringBuilder line = new StringBuilder(String.format("%-10s %-3d %-9s %+7.1f", d.get("architecture").asText(),
                    d.get("clusters").asInt(), d.get("testSet").asText(), 100 * d.get("accuracy").asDouble()));
            for (String label : Emotion.labels()) {
                JsonNode v = d.path("perClassRecall").path(label);
                line.append(v.isNumber() ? String.format(" %+8.1f", 100 * v.asDouble()) : String.format(" %8s", "–"));
            }
            System.out.println(line);
        }
    }

    /** {@code 0.886 ± 0.012}, or the one value of a single run. */
    private static String spread(JsonNode s) {
        if (!s.path("mean").isNumber()) {
            return "–";
        }
        return s.path("runs").asInt() > 1
                ? String.format("%.3f ± %.3f", s.get("mean").asDouble(), s.get("standardDeviation").asDouble())
                : String.format("%.3f", s.get("mean").asDouble());
    }
}
