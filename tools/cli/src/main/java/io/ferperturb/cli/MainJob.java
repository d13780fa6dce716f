package io.ferperturb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferperturb.domain.Json;
import io.ferperturb.synthetic.Imbalance;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job, run by {@code ./run.sh} against the running services: make (or take) a dataset, upload
 * it, run one experiment of the paper's scheme (attention model → clusters → perturbed dataset →
 * baseline and perturbed training → clean, TTA and occluded evaluation) with both controls ({@code more-steps},
 * {@code baseline-tta}) and three seeds, follow it live, then print the table with its confidence intervals
 * and where the report is. Each image's copies share a batch (grouped batching), so the perturbed model takes
 * the baseline's number of optimiser steps and the {@code more-steps} row says what more data alone gives.
 */
public final class MainJob {
    /**
     * Default epochs per architecture, sized so that the default run (100 synthetic faces per class, the cnn
     * with three seeds, baseline, perturbed and more-steps control) ends well within 15 minutes on a two-core
     * CPU, from the training speeds in tools/bench/RESULTS.md. The CIFAR-style resnet18 trains at a twentieth of
     * the cnn's speed: with the controls, even two epochs of it (at chance on this data) would take longer than
     * the whole default run, so it is left to {@code --architectures cnn,resnet18}.
     */
    private static final Map<String, Integer> DEFAULT_EPOCHS = Map.of("cnn", 12, "attention-cnn", 12, "resnet18", 2,
            "vgg16", 2, "dpn26", 2, "densenet121", 1);

    private final Http http = new Http();
    private final String perturb;

    private MainJob(String perturb) {
        this.perturb = perturb;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        MainJob job = new MainJob(args.required("perturb"));
        System.exit(job.run(args));
    }

    private int run(Args args) throws IOException, InterruptedException {
        Path work = Files.createDirectories(Path.of(args.get("work", ".state/main-job")));
        long seed = args.number("seed", 42);
        int perClass = args.integer("per-class", 100);
        String data = args.get("data", null);
        Path csv = data == null ? synthetic(work, perClass, seed) : Path.of(data);
        String datasetId = args.get("dataset-id", data == null ? "synthetic-" + perClass + "-s" + seed
                : csv.getFileName().toString().replaceAll("\\.csv(\\.gz)?$", "").toLowerCase().replaceAll("[^a-z0-9-]", "-"));
        ensureDataset(datasetId, csv);

        List<String> architectures = List.of(args.get("architectures", "cnn").split(","));
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.put("datasetId", datasetId);
        request.putPOJO("architectures", architectures);
        request.put("clusters", args.integer("clusters", 3));
        request.put("seed", seed);
        request.putPOJO("seeds", longs(args.get("seeds", seed + "," + (seed + 1) + "," + (seed + 2))));
        String controls = args.get("controls", "more-steps,baseline-tta");
        request.putPOJO("controls", "none".equals(controls) ? List.of() : List.of(controls.split(",")));
        request.put("perturbedBatching", args.get("batching", "grouped"));
        request.put("augment", Boolean.parseBoolean(args.get("augment", "false")));
        String epochs = args.get("epochs", null);
        if (epochs != null) {
            request.put("epochs", Integer.parseInt(epochs));
        } else {
            Map<String, Integer> perArchitecture = new HashMap<>();
            for (String a : architectures) {
                perArchitecture.put(a, DEFAULT_EPOCHS.getOrDefault(a, 2));
            }
            request.putPOJO("epochsPerArchitecture", perArchitecture);
            request.put("attentionEpochs", DEFAULT_EPOCHS.get("attention-cnn"));
        }
        JsonNode experiment = http.post(perturb + "/experiments", "application/json",
                HttpRequest.BodyPublishers.ofString(request.toString()));
        String id = experiment.get("id").asText();
        say("experiment %s started: %s on %s, n = %d (GET %s/experiments/%s)", id, architectures, datasetId,
                request.get("clusters").asInt(), perturb, id);

        JsonNode done = follow(id);
        System.out.println();
        ResultsPrinter.print(done);
        Path report = saveReport(work, id);
        System.out.println();
        System.out.printf("experiment %s: %s%s%n", id, done.get("state").asText(),
                done.hasNonNull("error") ? " (" + done.get("error").asText() + ")" : "");
        System.out.printf("report    %s/experiments/%s/report%n", perturb, id);
        System.out.printf("          %s%n", report.toAbsolutePath());
        System.out.printf("console   %s/console/%n", perturb);
        return "succeeded".equals(done.get("state").asText()) ? 0 : 1;
    }

    private static List<Long> longs(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    /** Uploads the CSV unless a dataset of that id is stored already (a second run reuses it). */
    private void ensureDataset(String datasetId, Path csv) throws IOException {
        if (http.status(perturb + "/datasets/" + datasetId) == 200) {
            say("dataset '%s' is stored already; reusing it", datasetId);
            return;
        }
        say("uploading %s (%d MB) as dataset '%s'", csv, Files.size(csv) >> 20, datasetId);
        JsonNode dataset = http.post(perturb + "/datasets/" + datasetId + "?train=false", "text/csv",
                HttpRequest.BodyPublishers.ofFile(csv));
        say("stored %d images %s", dataset.get("images").asLong(), dataset.get("counts"));
    }

    private static Path synthetic(Path work, int perClass, long seed) throws IOException {
        Path csv = work.resolve("synthetic-" + perClass + "-" + seed + ".csv");
        if (!Files.exists(csv)) {
            say("generating %d synthetic faces per class (seed %d)", perClass, seed);
            Path partial = work.resolve(csv.getFileName() + ".partial");
            SynthCommand.write(partial, perClass, seed, Imbalance.NONE);
            Files.move(partial, csv, StandardCopyOption.ATOMIC_MOVE); // never a half-written file under the final name
        }
        return csv;
    }

    /** Prints state changes and one line per job whenever its numbers change, until the experiment ends. */
    private JsonNode follow(String id) throws InterruptedException {
        Map<String, String> lastLines = new HashMap<>();
        String lastState = "";
        long deadline = System.nanoTime() + Duration.ofHours(48).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode x = http.get(perturb + "/experiments/" + id);
            String state = x.get("state").asText();
            if (!state.equals(lastState)) {
                say("experiment %s: %s", id, state);
                lastState = state;
            }
            for (JsonNode job : x.get("jobs")) {
                String line = jobLine(job);
                if (!line.equals(lastLines.put(job.get("jobId").asText(), line))) {
                    say("  %s", line);
                }
            }
            if ("succeeded".equals(state) || "failed".equals(state)) {
                return x;
            }
            Thread.sleep(2_000);
        }
        throw new IllegalStateException("experiment " + id + " did not end within 48 hours");
    }

    private static String jobLine(JsonNode job) {
        String name = job.get("architecture").asText() + " " + job.get("role").asText()
                + (job.hasNonNull("clusters") ? " n=" + job.get("clusters").asInt() : "");
        StringBuilder line = new StringBuilder(String.format("%-28s %-9s", name, job.get("state").asText()));
        if (job.hasNonNull("epoch")) {
            line.append(String.format(" epoch %d/%d", job.get("epoch").asInt(), job.path("epochs").asInt()));
        }
        if (job.hasNonNull("validationAccuracy")) {
            line.append(String.format(", val acc %.3f", job.get("validationAccuracy").asDouble()));
        }
        if ("running".equals(job.get("state").asText()) && job.hasNonNull("imagesPerSecond")) {
            line.append(String.format(", %.0f images/s, ETA %.0f s", job.get("imagesPerSecond").asDouble(),
                    job.path("etaSeconds").asDouble()));
        }
        if (job.hasNonNull("error")) {
            line.append(": ").append(job.get("error").asText());
        }
        return line.toString();
    }

    /** The report as a file next to the job's other outputs, written whole or not at all. */
    private Path saveReport(Path work, String id) throws IOException {
        Path dir = Files.createDirectories(work.resolve("reports"));
        Path report = dir.resolve(id + ".html");
        Path partial = dir.resolve(id + ".html.partial");
        Files.write(partial, http.bytes(perturb + "/experiments/" + id + "/report"));
        Files.move(partial, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return report;
    }

    static void say(String format, Object... args) {
        System.out.printf("[main-job] " + format + "%n", args);
    }
}
