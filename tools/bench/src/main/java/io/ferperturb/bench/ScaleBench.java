package io.ferperturb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Fer2013CsvWriter;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.synthetic.Imbalance;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code ./run.sh bench scale --trainers N --jobs 8 [--epochs 4] [--per-class 300] [--kill-one]}: short cnn jobs (the
 * same synthetic dataset, different seeds) through the running services. run.sh starts the stack with N trainer
 * processes of one libtorch thread each and stops it afterwards; this class uploads the dataset (once: a stored one
 * is reused), submits one dataset-ready event with one training entry per job through {@code POST /jobs}, and polls
 * {@code GET /jobs/{id}} on the live replicas until every job has ended. It prints each job's replica and duration,
 * where the CPU went meanwhile ({@link CpuShares}), and ends with {@code jobs_per_hour=<x>}. It submits once the
 * machine has settled after the stack's start (see {@link MachineLoad}): jobs per hour are those of running services,
 * not of services still starting.
 *
 * <p>{@code --kill-one} SIGKILLs the replica training the first job a few seconds into its second epoch and prints
 * {@code resume_after_s=<x>}: from the kill to the job's record saying it runs again (a trainer took it up and
 * loaded its last epoch checkpoint). With no replica left alive, the bench restarts the killed one through run.sh,
 * and the figure includes that restart.
 */
public final class ScaleBench {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration SETTLED = Duration.ofSeconds(3);

    private final JsonHttp http = new JsonHttp();
    private final String perturb;
    private final Path stateDir;
    private final TrainerReplicas trainers;
    private final List<String> restart;

    private ScaleBench(String perturb, Path stateDir, List<String> urls, List<String> restart) {
        this.perturb = perturb;
        this.stateDir = stateDir;
        this.trainers = new TrainerReplicas(stateDir, urls);
        this.restart = restart;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = options(argv);
        int jobs = Integer.parseInt(args.getOrDefault("jobs", "8"));
        int epochs = Integer.parseInt(args.getOrDefault("epochs", "4"));
        int perClass = Integer.parseInt(args.getOrDefault("per-class", "300"));
        String datasetId = args.getOrDefault("dataset", "scale-bench-" + perClass);
        List<String> urls = Arrays.asList(args.getOrDefault("trainer-urls", "http://127.0.0.1:8082").split(","));
        ScaleBench bench = new ScaleBench(args.getOrDefault("perturb", "http://127.0.0.1:8081"),
                Path.of(args.getOrDefault("state", ".state")), urls,
                args.containsKey("restart") ? List.of("bash", "-c", args.get("restart")) : List.of());
        bench.run(datasetId, perClass, jobs, epochs, args.containsKey("kill-one"),
                Duration.ofMinutes(Long.parseLong(args.getOrDefault("timeout-min", "90"))));
    }

    private void run(String datasetId, int perClass, int jobs, int epochs, boolean killOne, Duration timeout)
            throws Exception {
        JsonNode dataset = ensureDataset(datasetId, perClass);
        MachineLoad.waitUntilSettled();
        ObjectNode event = event(dataset, jobs, epochs);
        String eventId = event.get("eventId").asText();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            jobIds.add(DatasetReady.jobId(eventId, i));
        }
        Instant submitted = Instant.now();
        CpuShares cpu = CpuShares.start(stateDir);
        http.post(trainers.all().get(0).url() + "/jobs", "application/json", HttpRequest.BodyPublishers.ofString(event.toString()));
        say("event %s: %d cnn jobs of %d epochs on %s, %d trainer(s)", eventId, jobs, epochs, datasetId, trainers.all().size());

        Map<String, JobWatch> watches = new LinkedHashMap<>();
        for (int i = 0; i < jobIds.size(); i++) {
            watches.put(jobIds.get(i), new JobWatch(jobIds.get(i), i));
        }
        Kill kill = null;
        Instant deadline = submitted.plus(timeout);
        while (!watches.values().stream().allMatch(JobWatch::ended)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not every job ended within " + timeout + ": " + watches.values());
            }
            Thread.sleep(POLL.toMillis());
            for (JobWatch watch : watches.values()) {
                if (!watch.ended()) {
                    look(watch);
                }
            }
            if (killOne && kill == null) {
                kill = watches.values().stream().filter(JobWatch::inItsNextEpoch).findFirst().map(this::kill).orElse(null);
            }
            if (kill != null && kill.resumedAt == null) {
                kill.lookForResumption(watches.get(kill.jobId));
            }
        }
        Instant done = watches.values().stream().map(w -> w.endedAt).max(Instant::compareTo).orElseThrow();
        if (cpu != null) {
            cpu.print();
        }

        for (JobWatch w : watches.values()) {
            System.out.printf(Locale.ROOT, "job %s seed %d: %s on %s, %s%n", w.jobId, w.seed(event), w.state,
                    String.join(" then ", w.replicas), w.startedAt == null ? "never seen running"
                            : String.format(Locale.ROOT, "%.0f s from running to %s", seconds(w.startedAt, w.endedAt), w.state));
        }
        long succeeded = watches.values().stream().filter(w -> "succeeded".equals(w.state)).count();
        double hours = seconds(submitted, done) / 3600;
        System.out.printf(Locale.ROOT, "trainers=%d%n", trainers.all().size());
        System.out.printf(Locale.ROOT, "jobs_succeeded=%d of %d%n", succeeded, jobs);
        System.out.printf(Locale.ROOT, "wall_s=%.0f%n", seconds(submitted, done));
        if (killOne) {
            if (kill == null) {
                System.out.println("resume_after_s=none (no job finished an epoch to kill its trainer in)");
            } else {
                System.out.printf(Locale.ROOT, "killed=%s during job %s (epoch %d); resumed on %s%s%n", kill.replica,
                        kill.jobId, kill.epoch, kill.resumedOn(watches.get(kill.jobId)), kill.restarted ? " (restarted: no other trainer was alive)" : "");
                System.out.println(kill.resumedAt == null ? "resume_after_s=none (the job's record was not saved again)"
                        : String.format(Locale.ROOT, "resume_after_s=%.1f", seconds(kill.at, kill.resumedAt)));
            }
        }
        System.out.printf(Locale.ROOT, "jobs_per_hour=%.1f%n", succeeded / hours);
    }

    /** One job as the bench sees it: state, epoch, the replicas that trained it, when it ran and ended. */
    private final class JobWatch {
        final String jobId;
        final int index;
        String state = "unknown";
        int epoch;
        Instant updatedAt;
        Instant startedAt;
        Instant endedAt;
        String replica;
        final List<String> replicas = new ArrayList<>();
        private final Map<String, Integer> starts = new HashMap<>();

        JobWatch(String jobId, int index) {
            this.jobId = jobId;
            this.index = index;
        }

        boolean ended() {
            return endedAt != null;
        }

        boolean running() {
            return "running".equals(state);
        }

        /**
         * Running, an epoch done, and its record not touched for a while: the epoch's checkpoint (written right after
         * the record) is stored and the job is into its next epoch, the case a kill should test.
         */
        boolean inItsNextEpoch() {
            return running() && epoch >= 1 && replica != null && updatedAt != null
                    && updatedAt.plus(SETTLED).isBefore(Instant.now());
        }

        int seed(JsonNode event) {
            return event.get("training").get(index).get("seed").asInt();
        }

        /** Notes a replica whose log names the job once more: it started or resumed it there. */
        void noteReplicas() {
            for (TrainerReplicas.Replica r : trainers.all()) {
                int now = r.trainingStarts(jobId);
                if (now < starts.getOrDefault(r.name(), 0)) {
                    starts.put(r.name(), 0); // a restarted replica begins a new log
                }
                if (now > starts.getOrDefault(r.name(), 0)) {
                    starts.put(r.name(), now);
                    replica = r.name();
                    replicas.add(r.name());
                }
            }
        }

        @Override
        public String toString() {
            return jobId + " " + state + " epoch " + epoch;
        }
    }

    /** The job's record from any live replica (they read the same records in S3). */
    private void look(JobWatch watch) {
        for (TrainerReplicas.Replica r : trainers.alive()) {
            Optional<JsonNode> record = http.get(r.url() + "/jobs/" + watch.jobId);
            if (record.isEmpty()) {
                continue;
            }
            JsonNode job = record.get();
            watch.state = job.path("state").asText();
            watch.epoch = job.path("epoch").asInt(0);
            watch.updatedAt = job.hasNonNull("updatedAt") ? Instant.parse(job.get("updatedAt").asText()) : null;
            if (watch.running() && watch.startedAt == null) {
                watch.startedAt = Instant.now();
            }
            if (Arrays.asList("succeeded", "failed", "cancelled").contains(watch.state)) {
                watch.endedAt = watch.updatedAt != null ? watch.updatedAt : Instant.now();
                if (watch.startedAt == null) {
                    watch.startedAt = watch.endedAt;
                }
            }
            watch.noteReplicas();
            return;
        }
    }

    /** A SIGKILLed trainer and the job it was training. */
    private final class Kill {
        final String jobId;
        final String replica;
        final int epoch;
        final Instant at;
        boolean restarted;
        Instant resumedAt;
        private final int startsBefore;

        /** Where the job went on: the first replica whose log named it after the kill (the record is saved first). */
        String resumedOn(JobWatch watch) {
            return watch.replicas.size() > startsBefore ? watch.replicas.get(startsBefore) : "unknown";
        }

        Kill(JobWatch watch, String replica, Instant at) {
            this.jobId = watch.jobId;
            this.replica = replica;
            this.epoch = watch.epoch;
            this.at = at;
            this.startsBefore = watch.replicas.size();
        }

        /** Resumed: the record was saved after the kill, which only a live trainer taking the job up again does. */
        void lookForResumption(JobWatch watch) {
            if (watch.updatedAt != null && watch.updatedAt.isAfter(at)) {
                resumedAt = watch.updatedAt;
                say("job %s resumed %.1f s after the kill", jobId, seconds(at, resumedAt));
            }
        }
    }

    private Kill kill(JobWatch watch) {
        TrainerReplicas.Replica victim = trainers.all().stream().filter(r -> r.name().equals(watch.replica)).findFirst()
                .orElseThrow();
        ProcessHandle process = victim.process().orElse(null);
        if (process == null) {
            return null; // it ended on its own since the last look; the next running job will do
        }
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop, as when a node dies
        Instant at = Instant.now();
        process.onExit().join();
        say("killed %s (pid %d) while it trained job %s (epoch %d done)", victim.name(), process.pid(), watch.jobId, watch.epoch);
        Kill kill = new Kill(watch, victim.name(), at);
        if (trainers.alive().isEmpty()) {
            if (restart.isEmpty()) {
                throw new IllegalStateException("no trainer is alive and no --restart command was given");
            }
            kill.restarted = true;
            say("no other trainer is alive: restarting it (%s)", String.join(" ", restart));
            new Thread(() -> restart(restart), "restart-trainer").start();
        }
        return kill;
    }

    private static void restart(List<String> command) {
        try {
            int status = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
            if (status != 0) {
                say("restarting the trainer failed (exit %d)", status);
            }
        } catch (Exception e) {
            say("restarting the trainer failed: %s", e.getMessage());
        }
    }

    /** The stored dataset's descriptor, uploading synthetic faces first when there is none of that id. */
    private JsonNode ensureDataset(String datasetId, int perClass) throws Exception {
        Optional<JsonNode> stored = http.get(perturb + "/datasets/" + datasetId);
        if (stored.isPresent()) {
            say("dataset %s is stored already; reusing it", datasetId);
            return stored.get();
        }
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (Fer2013CsvWriter writer = new Fer2013CsvWriter(csv)) {
            new SyntheticFaceGenerator(7).dataset(perClass, Imbalance.NONE).forEach(writer::write);
        }
        say("uploading %d synthetic faces per emotion as dataset %s", perClass, datasetId);
        return http.post(perturb + "/datasets/" + datasetId + "?train=false", "text/csv",
                HttpRequest.BodyPublishers.ofByteArray(csv.toByteArray()));
    }

    /** One dataset-ready event asking for {@code jobs} cnn jobs: same data, seeds 1.., each its own model id. */
    private static ObjectNode event(JsonNode dataset, int jobs, int epochs) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("eventId", UUID.randomUUID().toString());
        for (String field : List.of("datasetId", "uri", "format", "variant", "sha256")) {
            if (dataset.hasNonNull(field)) {
                event.set(field, dataset.get(field));
            }
        }
        ArrayNode training = event.putArray("training");
        for (int i = 0; i < jobs; i++) {
            ObjectNode job = training.addObject();
            job.put("architecture", "cnn");
            job.put("epochs", epochs);
            job.put("batchSize", 64);
            job.put("learningRate", 0.01);
            job.put("seed", i + 1);
            job.put("modelId", "scale-bench-cnn-seed" + (i + 1)); // one model per job: no two jobs version one model
        }
        return event;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argv[i]);
            }
            String name = argv[i].substring(2);
            boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
            options.put(name, flag ? "true" : argv[++i]);
        }
        return options;
    }

    private static void say(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[scale] " + format + "%n", args);
    }
}
