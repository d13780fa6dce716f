package io.ferperturb.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.DatasetReady;
import io.ferperturb.domain.event.Topics;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import io.ferperturb.testsupport.KafkaTestClient;
import io.ferperturb.testsupport.ServiceProcess;
import io.ferperturb.testsupport.TestDatasets;
import io.ferperturb.testsupport.TestServers;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

/**
 * Two trainer replicas share one event's jobs through {@code training-jobs}; one is killed (SIGKILL) in the middle of
 * a job, and the other takes that job over from its last epoch checkpoint. Every job ends with exactly one final
 * checkpoint; none is lost or trained twice to the end.
 */
class TrainerScaleOutIT {
    private static final System.Logger LOG = System.getLogger(TrainerScaleOutIT.class.getName());
    private static final int JOBS = 8;
    private static final int EPOCHS = 4;
    private static final String DATASET = "scale-out-synthetic";
    private static final String EVENT = "evt-scale-out";

    @Test
    void jobsSpreadOverTwoTrainersAndAKilledOnesJobIsFinishedByTheOtherFromItsCheckpoint() throws Exception {
        ObjectStore store = new ObjectStore(TestServers.s3().settings());
        TestDatasets.store(store, DATASET, 40, 31);
        // a short claim and session: the survivor notices the dead replica within seconds
        Map<String, String> env = Map.of("FER_TRAINER_DEVICE", "cpu", "FER_TRAINER_THREADS", "1",
                "FER_TRAINER_LEASE_DURATION", "6s", "MP_MESSAGING_INCOMING_TRAINING_JOBS_SESSION_TIMEOUT_MS", "6000");
        ServiceProcess first = ServiceProcess.start("trainer-service", env);
        try (ServiceProcess second = ServiceProcess.start("trainer-service", env)) {
            List<Set<Integer>> members = awaitTwoMembersSharingThePartitions();
            String entries = IntStream.range(0, JOBS).mapToObj(i -> """
                    {"architecture": "cnn", "epochs": %d, "batchSize": 16, "seed": %d, "modelId": "scale-out-%d",
                     "augmentation": {"enabled": false}}""".formatted(EPOCHS, i, i)).collect(Collectors.joining(","));
            KafkaTestClient.send(Topics.DATASET_READY, DATASET, """
                    {"eventId": "%s", "datasetId": "%s", "uri": "s3://datasets/%s/", "format": "emotion-shards",
                     "training": [%s]}""".formatted(EVENT, DATASET, DATASET, entries));
            List<String> jobIds = IntStream.range(0, JOBS).mapToObj(i -> DatasetReady.jobId(EVENT, i)).toList();

            // the records of the event's jobs lie on the two replicas' partitions four and four
            var records = KafkaTestClient.read(Topics.TRAINING_JOBS, r -> jobIds.contains(r.key()), JOBS,
                    Duration.ofSeconds(60));
            assertEquals(JOBS, records.size(), "one training-jobs record per job");
            List<Long> perReplica = members.stream().map(partitions -> records.stream()
                    .filter(r -> partitions.contains(r.partition())).count()).toList();
            LOG.log(System.Logger.Level.INFO, "training-jobs records per replica: {0}", perReplica);
            assertEquals(List.of((long) JOBS / 2, (long) JOBS / 2), perReplica);

            // both replicas take jobs on; wait for a job of the first one to have a checkpoint and more epochs to go
            String[] victim = new String[2]; // job id, replica id of the first trainer
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Map<String, JsonNode> running = jobs(first).stream().filter(j -> "running".equals(j.path("state").asText()))
                        .collect(Collectors.toMap(j -> j.path("job").path("jobId").asText(), j -> j, (a, b) -> a));
                Set<String> replicas = running.values().stream().map(j -> j.path("replica").asText())
                        .collect(Collectors.toCollection(TreeSet::new));
                for (JsonNode job : running.values()) {
                    String id = job.path("job").path("jobId").asText();
                    String replica = job.path("replica").asText();
                    if (replicas.size() == 2 && ranOn(first, id) && store.list(S3Uri.of("models",
                            job.path("job").path("modelId").asText() + "/jobs/")).stream()
                            .anyMatch(k -> k.endsWith("epoch-0001/resume.json"))) {
                        victim[0] = id;
                        victim[1] = replica;
                        return true;
                    }
                }
                return false;
            });
            assertEquals(JOBS, jobs(first).stream().filter(j -> jobIds.contains(j.path("job").path("jobId").asText())).count(),
                    "GET /jobs on the first replica lists every job");
            assertEquals(JOBS, jobs(second).stream().filter(j -> jobIds.contains(j.path("job").path("jobId").asText())).count(),
                    "and so does the second");
            first.kill();
            Instant killed = Instant.now();
            assertEquals("running", job(second, victim[0]).path("state").asText(), "killed in the middle of the job");

            // the survivor takes the job over as its second attempt
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode j = job(second, victim[0]);
                return j.path("attempt").asInt() >= 2 && !victim[1].equals(j.path("replica").asText());
            });
            Duration toTakeover = Duration.between(killed, Instant.now());
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    jobIds.stream().allMatch(id -> "succeeded".equals(job(second, id).path("state").asText())));
            LOG.log(System.Logger.Level.INFO, "job {0} taken over {1} ms after SIGKILL", victim[0], toTakeover.toMillis());

            String secondLog = Files.readString(second.log());
            assertTrue(secondLog.contains("job " + victim[0] + ": resuming after epoch"),
                    "the survivor resumed the killed replica's job from its checkpoint");
            // who took each job on first: its attempt 1 in S3
            Map<String, Integer> startedBy = new HashMap<>();
            for (String id : jobIds) {
                JsonNode attempt = Json.MAPPER.readTree(store.get(S3Uri.of("models", "_leases/" + id + "/0000000001.json")));
                startedBy.merge(attempt.path("replica").asText(), 1, Integer::sum);
            }
            LOG.log(System.Logger.Level.INFO, "jobs started per replica: {0}", startedBy);
            assertEquals(2, startedBy.size(), "the event's jobs were spread over both replicas: " + startedBy);
            assertEquals(2, job(second, victim[0]).path("attempt").asInt(), "the killed job ran twice, never more");

            // exactly one final checkpoint per job: one version folder, one final checkpoint-ready
            for (int i = 0; i < JOBS; i++) {
                String modelId = "scale-out-" + i;
                List<String> versions = new ArrayList<>(store.listFolders(S3Uri.of("models", modelId + "/")));
                versions.removeIf(f -> f.endsWith("/jobs/"));
                assertEquals(List.of(modelId + "/v1/"), versions, modelId);
                assertTrue(store.exists(S3Uri.of("models", modelId + "/v1/model.json")), modelId);
                var finals = KafkaTestClient.read(Topics.CHECKPOINT_READY, r -> modelId.equals(r.key())
                        && r.value().contains("\"final\":true"), 2, Duration.ofSeconds(3));
                assertEquals(1, finals.size(), modelId + ": one final checkpoint-ready");
                assertTrue(finals.get(0).value().contains("\"epoch\":" + EPOCHS), modelId + " trained every epoch");
            }
        } finally {
            first.close();
        }
    }

    /** Whether the trainer's log shows it starting the job. */
    private static boolean ranOn(ServiceProcess trainer, String jobId) throws Exception {
        return Files.readString(trainer.log()).contains("job " + jobId + ": training cnn");
    }

    /** The partitions of {@code training-jobs} each of the two replicas is assigned, once both have joined. */
    private static List<Set<Integer>> awaitTwoMembersSharingThePartitions() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.kafka().bootstrapServers()))) {
            List<Set<Integer>> members = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("trainer-jobs")).all().get()
                        .get("trainer-jobs");
                members.clear();
                group.members().forEach(m -> members.add(m.assignment().topicPartitions().stream()
                        .filter(tp -> Topics.TRAINING_JOBS.equals(tp.topic())).map(tp -> tp.partition())
                        .collect(Collectors.toSet())));
                return members.size() == 2
                        && members.stream().allMatch(p -> p.size() == TestServers.TRAINING_JOB_PARTITIONS / 2);
            });
            return members;
        }
    }

    private static List<JsonNode> jobs(ServiceProcess trainer) throws Exception {
        List<JsonNode> list = new ArrayList<>();
        Json.MAPPER.readTree(E2eHttp.get(trainer.url() + "/jobs").body()).forEach(list::add);
        return list;
    }

    private static JsonNode job(ServiceProcess trainer, String jobId) {
        try {
            return Json.MAPPER.readTree(E2eHttp.get(trainer.url() + "/jobs/" + jobId).body());
        } catch (Exception e) {
            throw new IllegalStateException("GET /jobs/" + jobId + " failed", e);
        }
    }
}
