package io.ferperturb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.core.data.Emotion;
import io.ferperturb.core.data.FaceImage;
import io.ferperturb.core.data.FacePreprocessing;
import io.ferperturb.core.data.Imbalance;
import io.ferperturb.core.data.Split;
import io.ferperturb.core.data.SyntheticFaceGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The main job, run by {@code ./run.sh} against the running services: make (or take) a dataset, upload
 * it, follow training live, wait for the inference-service to serve the new model, then measure
 * held-out accuracy through {@code POST /predict} and print where everything is.
 */
public final class MainJob {
    private final Http http = new Http();
    private final String perturb;
    private final String trainer;
    private final String inference;

    private MainJob(String perturb, String trainer, String inference) {
        this.perturb = perturb;
        this.trainer = trainer;
        this.inference = inference;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        MainJob job = new MainJob(args.required("perturb"), args.required("trainer"), args.required("inference"));
        System.exit(job.run(args));
    }

    private int run(Args args) throws IOException, InterruptedException {
        Path work = Files.createDirectories(Path.of(args.get("work", ".state/main-job")));
        long seed = args.number("seed", 42);
        int perClass = args.integer("per-class", 1000);
        Path csv = args.get("data", null) == null ? synthetic(work, perClass, seed) : Path.of(args.get("data", null));
        String datasetId = args.get("dataset-id",
                "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        // the paper's augmentation needs many epochs; the quick demo trains without it unless asked
        String query = "?epochs=" + args.integer("epochs", 8) + "&architectures=" + args.get("architectures", "cnn")
                + "&augment=" + args.get("augment", "false");

        say("uploading %s (%d MB) as dataset '%s'", csv, Files.size(csv) >> 20, datasetId);
        JsonNode dataset = http.post(perturb + "/datasets/" + datasetId + query, "text/csv",
                HttpRequest.BodyPublishers.ofFile(csv));
        say("stored %d images %s; dataset-ready event %s", dataset.get("images").asLong(), dataset.get("counts"),
                dataset.get("eventId").asText());

        JsonNode finished = followTraining(dataset.get("eventId").asText());
        if (!"succeeded".equals(finished.get("state").asText())) {
            say("training failed: %s", finished.path("error").asText());
            return 1;
        }
        String modelId = finished.get("job").get("modelId").asText();
        waitUntilServed(modelId);
        double heldOut = heldOutAccuracy(modelId, seed + 1_000);

        System.out.println();
        System.out.println("=== result ===");
        System.out.printf("dataset            %s (%d images)%n", datasetId, dataset.get("images").asLong());
        System.out.printf("model              %s (%s)%n", modelId, finished.get("checkpointUri").asText());
        System.out.printf("PrivateTest acc    %.3f (trainer's evaluation of the test split)%n",
                finished.get("testAccuracy").asDouble());
        System.out.printf("held-out acc       %.3f (fresh synthetic faces sent as PNG to POST /predict)%n", heldOut);
        System.out.println();
        System.out.printf("perturb-service    %s   (datasets: %s/datasets, API: %s/q/swagger-ui)%n", perturb, perturb, perturb);
        System.out.printf("trainer-service    %s   (jobs: %s/jobs)%n", trainer, trainer);
        System.out.printf("inference-service  %s   (curl -H 'Content-Type: image/png' --data-binary @face.png %s/predict)%n",
                inference, inference);
        return 0;
    }

    private static Path synthetic(Path work, int perClass, long seed) throws IOException {
        Path csv = work.resolve("synthetic-" + perClass + "-" + seed + ".csv");
        if (!Files.exists(csv)) {
            say("generating %d synthetic faces per class (seed %d)", perClass, seed);
            Path partial = work.resolve(csv.getFileName() + ".partial");
            SynthCommand.write(partial, perClass, seed, Imbalance.NONE);
            Files.move(partial, csv); // never a half-written file under the final name
        }
        return csv;
    }

    /** Polls the trainer's job list and prints progress until the event's job has ended. */
    private JsonNode followTraining(String eventId) throws InterruptedException {
        String last = "";
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode record : http.get(trainer + "/jobs")) {
                if (!eventId.equals(record.get("job").get("eventId").asText())) {
                    continue;
                }
                String line = String.format("%s: %s, epoch %d/%d, validation accuracy %s", record.get("job").get("modelId").asText(),
                        record.get("state").asText(), record.path("epoch").asInt(), record.get("job").get("epochs").asInt(),
                        record.hasNonNull("validationAccuracy") ? String.format("%.3f", record.get("validationAccuracy").asDouble()) : "–");
                if (!line.equals(last)) {
                    say("%s", line);
                    last = line;
                }
                String state = record.get("state").asText();
                if ("succeeded".equals(state) || "failed".equals(state)) {
                    return record;
                }
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("training did not end within 2 hours");
    }

    private void waitUntilServed(String modelId) throws IOException, InterruptedException {
        byte[] probe = png(new byte[FaceImage.PIXELS]);
        for (int i = 0; i < 240; i++) {
            try {
                JsonNode answer = http.post(inference + "/predict", "image/png", HttpRequest.BodyPublishers.ofByteArray(probe));
                if (modelId.equals(answer.get("model").asText())) {
                    say("inference-service now serves %s v%d", modelId, answer.get("version").asInt());
                    return;
                }
            } catch (Http.HttpError e) {
                if (e.status != 503) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the inference-service did not load " + modelId + " within 2 minutes");
    }

    private double heldOutAccuracy(String modelId, long seed) throws IOException {
        SyntheticFaceGenerator faces = new SyntheticFaceGenerator(seed);
        Map<Emotion, Integer> correct = new HashMap<>();
        int perClass = 50;
        int total = 0;
        int right = 0;
        for (Emotion emotion : Emotion.values()) {
            for (int i = 0; i < perClass; i++) {
                byte[] image = png(faces.face(emotion, Split.PRIVATE_TEST, i).pixels());
                JsonNode answer = http.post(inference + "/predict?model=" + modelId, "image/png",
                        HttpRequest.BodyPublishers.ofByteArray(image));
                boolean ok = emotion.label().equals(answer.get("faces").get(0).get("emotion").asText());
                right += ok ? 1 : 0;
                total++;
                correct.merge(emotion, ok ? 1 : 0, Integer::sum);
            }
        }
        StringBuilder perClassLine = new StringBuilder();
        for (Emotion e : Emotion.values()) {
            perClassLine.append(String.format("%s %.2f  ", e.label(), correct.get(e) / (double) perClass));
        }
        say("held-out recall per class: %s", perClassLine.toString().trim());
        return (double) right / total;
    }

    private static byte[] png(byte[] pixels) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(FacePreprocessing.toImage(pixels), "png", out);
        return out.toByteArray();
    }

    private static void say(String format, Object... args) {
        System.out.printf("[main-job] " + format + "%n", args);
    }
}
