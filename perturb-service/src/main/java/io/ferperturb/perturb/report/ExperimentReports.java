package io.ferperturb.perturb.report;

import io.ferperturb.domain.data.Emotion;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.perturb.experiment.Experiment;
import io.ferperturb.perturb.experiment.ExperimentJob;
import io.ferperturb.perturb.experiment.ExperimentStore;
import io.ferperturb.perturb.experiment.ExperimentSpec;
import io.ferperturb.perturb.experiment.ResultsTable;
import io.ferperturb.perturb.service.ClusterAnalysis;
import io.ferperturb.perturb.service.DatasetService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment report: one self-contained HTML page (figures embedded as PNG data URIs, no scripts, no
 * external files) with the data distribution, the elbow, the cluster maps with an example face per
 * removed cluster, the learning curves, the results and per-class delta tables, and the occlusion chart.
 * {@link #store} also writes each figure as its own PNG under {@code experiments/{id}/figures/}.
 */
@ApplicationScoped
public class ExperimentReports {
    public static final String REPORT = "report.html";

    private final ExperimentStore experiments;
    private final DatasetService datasets;

    ExperimentReports(ExperimentStore experiments, DatasetService datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /** Renders and stores the report and its figures; returns the report's URI. */
    public S3Uri store(Experiment x) {
        Map<String, byte[]> figures = figures(x);
        figures.forEach((name, png) -> experiments.putFile(x.id(), "figures/" + name, png, "image/png"));
        return experiments.putFile(x.id(), REPORT, html(x, figures), "text/html; charset=utf-8");
    }

    /** The report of the experiment as it stands now. */
    public byte[] render(Experiment x) {
        return html(x, figures(x));
    }

    private Map<String, byte[]> figures(Experiment x) {
        Map<String, byte[]> figures = new LinkedHashMap<>();
        String dataset = x.spec().datasetId();
        datasets.find(dataset).ifPresent(d -> figures.put("distribution.png", datasets.distributionPng(dataset)));
        datasets.findArtifact(dataset, ClusterAnalysis.ELBOW_PNG).ifPresent(png -> figures.put("elbow.png", png));
        for (int n : x.spec().clusterCounts()) {
            datasets.findArtifact(dataset, "clusters-k" + n + ".png").ifPresent(png -> figures.put("clusters-k" + n + ".png", png));
        }
        if (x.jobs().stream().anyMatch(j -> !j.curve().isEmpty())) {
            figures.put("learning-curves.png", LearningCurveChart.png(x.jobs()));
        }
        ResultsTable table = x.table() != null ? x.table() : ResultsTable.of(x);
        if (table.rows().stream().anyMatch(r -> r.occluded() != null)) {
            figures.put("occlusion.png", OcclusionChart.png(table));
        }
        experiments.file(x.id(), SaliencyFigure.FILE).ifPresent(png -> figures.put("saliency.png", png));
        return figures;
    }

    private static byte[] html(Experiment x, Map<String, byte[]> figures) {
        ResultsTable table = x.table() != null ? x.table() : ResultsTable.of(x);
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Experiment ")
                .append(esc(x.id())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.up{background:#e3f5e3}.down{background:#fbe4e4}")
                .append("img{max-width:100%;border:1px solid #eee;margin:.5em 0}.state{font-weight:bold}")
                .append("</style></head><body>");
        h.append("<h1>Experiment ").append(esc(x.id())).append("</h1>");
        h.append("<p>Dataset <b>").append(esc(x.spec().datasetId())).append("</b>; architectures ")
                .append(esc(String.join(", ", x.spec().architectures()))).append("; n = ")
                .append(x.spec().clusterCounts()).append(" (report n = ").append(x.spec().clusters())
                .append("); attention: ").append(esc(x.spec().attention())).append("; α = ").append(x.spec().alpha())
                .append(", β = ").append(x.spec().beta()).append(", threshold ").append(x.spec().threshold())
                .append("; fill ").append(esc(x.spec().fill())).append(x.spec().keepOriginal() ? ", originals kept" : "")
                .append(".</p><p>").append(setup(x.spec())).append("</p><p>State: <span class=\"state\" id=\"state\">").append(esc(x.state().json())).append("</span>");
        if (x.error() != null) {
            h.append(" — ").append(esc(x.error()));
        }
        h.append(". Created ").append(x.createdAt()).append(", updated ").append(x.updatedAt()).append(".</p>");

        h.append("<h2>Results (PrivateTest), mean ± SD over seeds</h2>");
        summaryTable(h, table);
        h.append("<h2>Is the difference real? Perturbed minus reference, per seed</h2>");
        comparisonTable(h, table);
        h.append("<h2>Every model (PrivateTest)</h2>");
        resultsTable(h, table);
        h.append("<h2>Per-class change, perturbed minus baseline (per-class accuracy, points)</h2>");
        deltaTable(h, table);

        figure(h, figures, "distribution.png", "Data: class distribution");
        figure(h, figures, "elbow.png", "Choosing n: the elbow of k-means over (x, y, attention)");
        for (int n : x.spec().clusterCounts()) {
            figure(h, figures, "clusters-k" + n + ".png", "Cluster map, n = " + n + ", with an example face per removed cluster");
        }
        figure(h, figures, "learning-curves.png", "Learning curves");
        figure(h, figures, "occlusion.png", "Occlusion robustness");
        figure(h, figures, "saliency.png", "Saliency per emotion (mean input gradient over PrivateTest faces): baseline above perturbed");

        h.append("<h2>Jobs</h2><table><tr><th class=\"l\">role</th><th class=\"l\">model</th><th class=\"l\">dataset</th>")
                .append("<th class=\"l\">state</th><th>epoch</th><th>val. acc.</th><th>images/s</th></tr>");
        for (ExperimentJob j : x.jobs()) {
            h.append("<tr><td class=\"l\">").append(esc(j.role().json())).append("</td><td class=\"l\">")
                    .append(esc(j.modelId() == null ? j.architecture() : j.modelId() + (j.version() == null ? "" : " v" + j.version())))
                    .append("</td><td class=\"l\">").append(esc(j.datasetId())).append("</td><td class=\"l\">")
                    .append(esc(j.state())).append(j.error() == null ? "" : ": " + esc(j.error())).append("</td><td>")
                    .append(j.epoch() == null ? "" : j.epoch() + "/" + j.epochs()).append("</td><td>")
                    .append(num(j.validationAccuracy())).append("</td><td>")
                    .append(j.imagesPerSecond() == null ? "" : String.format(Locale.ROOT, "%.0f", j.imagesPerSecond()))
                    .append("</td></tr>");
        }
        h.append("</table></body></html>");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The run's protocol in one line: seeds, controls, attention model, threshold scale, crop, weights, batching. */
    private static String setup(ExperimentSpec spec) {
        return "Seeds " + spec.seeds() + "; controls " + (spec.controls().isEmpty() ? "none" : esc(String.join(", ",
                spec.controls()))) + "; attention model " + esc(spec.attentionArchitecture()) + ", threshold on the "
                + esc(spec.thresholdScale()) + "; " + (spec.crop() == null ? "whole 48×48 faces" : spec.crop() + "×"
                + spec.crop() + " crops, TenCrop evaluation") + "; class weights " + esc(spec.classWeights() == null
                ? "none" : spec.classWeights()) + "; perturbed batching " + esc(spec.perturbedBatching() == null
                ? "grouped" : spec.perturbedBatching()) + (spec.protocol() == null ? "" : "; protocol "
                + esc(spec.protocol())) + ".";
    }

    private static void resultsTable(StringBuilder h, ResultsTable table) {
        if (table.rows().isEmpty()) {
            h.append("<p>No model has finished yet.</p>");
            return;
        }
        h.append("<table id=\"results\"><tr><th class=\"l\">architecture</th><th class=\"l\">variant</th><th>n</th>")
                .append("<th>seed</th>")
                .append("<th>accuracy</th><th>balanced acc.</th><th>macro-F1</th>")
                .append("<th>accuracy with TTA</th><th>balanced acc. with TTA</th>")
                .append("<th>occluded accuracy</th><th>occluded balanced acc.</th></tr>");
        for (ResultsTable.Row r : table.rows()) {
            h.append("<tr><td class=\"l\">").append(esc(r.architecture())).append("</td><td class=\"l\">")
                    .append(esc(r.variant())).append("</td><td>").append(r.clusters() == null ? "" : r.clusters())
                    .append("</td><td>").append(r.seed() == null ? "" : r.seed()).append("</td>");
            cells(h, r.clean(), true);
            cells(h, r.cleanTta(), false);
            cells(h, r.occluded(), false);
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void summaryTable(StringBuilder h, ResultsTable table) {
        if (table.summary().isEmpty()) {
            h.append("<p>No model has finished yet.</p>");
            return;
        }
        h.append("<p>baseline: trained on the original data; perturbed: on the masked copies (n regions); more-steps: ")
                .append("a baseline trained for as many optimiser steps and images as the expanded perturbed run; ")
                .append("baseline-tta: the baseline evaluated with the perturbed models' test-time augmentation; ")
                .append("ensemble: the sum of the architectures' logits.</p>");
        h.append("<table id=\"summary\"><tr><th class=\"l\">architecture</th><th class=\"l\">variant</th><th>n</th>")
                .append("<th>seeds</th><th>accuracy</th><th>balanced acc.</th><th>macro-F1</th><th>accuracy with TTA</th>")
                .append("<th>balanced acc. with TTA</th><th>occluded accuracy</th><th>occluded balanced acc.</th></tr>");
        for (ResultsTable.Summary s : table.summary()) {
            h.append("<tr><td class=\"l\">").append(esc(s.architecture())).append("</td><td class=\"l\">")
                    .append(esc(s.variant())).append("</td><td>").append(s.clusters() == null ? "" : s.clusters())
                    .append("</td><td>").append(s.seeds()).append("</td>");
            spread(h, s.clean(), true);
            spread(h, s.cleanTta(), false);
            spread(h, s.occluded(), false);
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void spread(StringBuilder h, ResultsTable.Spread s, boolean withF1) {
        if (s == null) {
            h.append("<td></td>".repeat(withF1 ? 3 : 2));
            return;
        }
        h.append("<td>").append(s.accuracy().format()).append("</td><td>").append(s.balancedAccuracy().format())
                .append("</td>");
        if (withF1) {
            h.append("<td>").append(s.macroF1().format()).append("</td>");
        }
    }

    private static void comparisonTable(StringBuilder h, ResultsTable table) {
        if (table.comparisons().isEmpty()) {
            h.append("<p>Paired comparisons appear when the experiment has ended and its models' per-image predictions ")
                    .append("are stored.</p>");
            return;
        }
        h.append("<p>Accuracy difference in points on the same PrivateTest faces, with its paired bootstrap 95% ")
                .append("interval (2,000 resamples) and McNemar's exact test on the faces exactly one model gets right. ")
                .append("A difference whose interval contains zero is marked not significant.</p>");
        h.append("<table id=\"comparisons\"><tr><th class=\"l\">architecture</th><th>n</th><th>seed</th>")
                .append("<th class=\"l\">against</th><th class=\"l\">test set</th><th>difference</th><th>95% CI</th>")
                .append("<th>only reference right</th><th>only perturbed right</th><th>McNemar p</th><th class=\"l\"></th></tr>");
        for (ResultsTable.Comparison c : table.comparisons()) {
            h.append("<tr><td class=\"l\">").append(esc(c.architecture())).append("</td><td>").append(c.clusters())
                    .append("</td><td>").append(c.seed()).append("</td><td class=\"l\">").append(esc(c.against()))
                    .append("</td><td class=\"l\">").append(esc(c.testSet())).append("</td>");
            delta(h, c.significant() ? c.difference() : 0.0, c.difference());
            h.append("<td>").append(String.format(Locale.ROOT, "[%+.1f, %+.1f]", 100 * c.low(), 100 * c.high()))
                    .append("</td><td>").append(c.onlyReference()).append("</td><td>").append(c.onlyPerturbed())
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.3g", c.mcNemarP())).append("</td><td class=\"l\">")
                    .append(c.significant() ? "" : "not significant").append("</td></tr>");
        }
        h.append("</table>");
    }

    private static void cells(StringBuilder h, ResultsTable.Scores s, boolean withF1) {
        int columns = withF1 ? 3 : 2;
        if (s == null) {
            h.append("<td></td>".repeat(columns));
            return;
        }
        h.append("<td>").append(num(s.accuracy())).append("</td><td>").append(num(s.balancedAccuracy())).append("</td>");
        if (withF1) {
            h.append("<td>").append(num(s.macroF1())).append("</td>");
        }
    }

    private static void deltaTable(StringBuilder h, ResultsTable table) {
        if (table.deltas().isEmpty()) {
            h.append("<p>Deltas appear when a baseline and its perturbed model have both finished.</p>");
            return;
        }
        h.append("<table id=\"deltas\"><tr><th class=\"l\">architecture</th><th>n</th><th class=\"l\">test set</th>")
                .append("<th>accuracy</th><th>balanced acc.</th><th>macro-F1</th>");
        for (String label : Emotion.labels()) {
            h.append("<th>").append(label).append("</th>");
        }
        h.append("</tr>");
        for (ResultsTable.Delta d : table.deltas()) {
            h.append("<tr><td class=\"l\">").append(esc(d.architecture())).append("</td><td>").append(d.clusters())
                    .append("</td><td class=\"l\">").append(esc(d.testSet())).append("</td>");
            delta(h, d.accuracy());
            delta(h, d.balancedAccuracy());
            delta(h, d.macroF1());
            for (String label : Emotion.labels()) {
                delta(h, d.perClassRecall().get(label));
            }
            h.append("</tr>");
        }
        h.append("</table>");
    }

    private static void delta(StringBuilder h, Double value) {
        delta(h, value, value);
    }

    /** A difference in points, coloured by {@code colour} (zero: not coloured). */
    private static void delta(StringBuilder h, Double colour, Double value) {
        if (value == null) {
            h.append("<td></td>");
            return;
        }
        String css = colour > 0.0005 ? "up" : colour < -0.0005 ? "down" : "";
        h.append("<td class=\"").append(css).append("\">").append(String.format(Locale.ROOT, "%+.1f", 100 * value))
                .append("</td>");
    }

    private static void figure(StringBuilder h, Map<String, byte[]> figures, String name, String title) {
        byte[] png = figures.get(name);
        if (png == null) {
            return;
        }
        h.append("<h2>").append(esc(title)).append("</h2><img alt=\"").append(esc(title)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">");
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
