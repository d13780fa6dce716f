package io.ferperturb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.data.Emotion;

/** Prints an experiment's results table and per-class deltas as plain text. */
final class ResultsPrinter {
    private ResultsPrinter() {
    }

    static void print(JsonNode experiment) {
        JsonNode table = experiment.path("table");
        System.out.println("=== baseline versus perturbed (PrivateTest) ===");
        System.out.printf("%-10s %-16s %9s %9s %9s %9s %9s %9s%n", "model", "training data", "acc", "bal.acc", "macro-F1",
                "acc TTA", "occl.acc", "occl.bal");
        for (JsonNode row : table.path("rows")) {
            System.out.printf("%-10s %-16s %9s %9s %9s %9s %9s %9s%n", row.get("architecture").asText(),
                    row.hasNonNull("clusters") ? "perturbed n=" + row.get("clusters").asInt() : "original",
                    num(row.path("clean").path("accuracy")), num(row.path("clean").path("balancedAccuracy")),
                    num(row.path("clean").path("macroF1")), num(row.path("cleanTta").path("accuracy")),
                    num(row.path("occluded").path("accuracy")), num(row.path("occluded").path("balancedAccuracy")));
        }
        if (table.path("deltas").isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("=== per-class change, perturbed minus baseline (per-class accuracy, points) ===");
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

    private static String num(JsonNode value) {
        return value.isNumber() ? String.format("%.3f", value.asDouble()) : "–";
    }
}
