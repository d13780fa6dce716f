package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.event.CheckpointReady;
import io.ferperturb.domain.event.EvaluationResult;
import io.ferperturb.perturb.experiment.InMemoryPorts.Datasets;
import io.ferperturb.perturb.experiment.InMemoryPorts.Evaluations;
import io.ferperturb.perturb.experiment.InMemoryPorts.Models;
import io.ferperturb.perturb.experiment.InMemoryPorts.Reports;
import io.ferperturb.perturb.experiment.InMemoryPorts.Sent;
import io.ferperturb.perturb.experiment.InMemoryPorts.States;
import io.ferperturb.storage.StorageLayout;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A restarted service takes no event before it has reloaded its experiments, so none is skipped and lost. */
class ExperimentDriverTest {
    private final States states = new States();
    private final Sent sent = new Sent();

    @Test
    void anEventThatArrivesWhileTheExperimentsAreReloadedWaitsAndIsApplied() throws Exception {
        ExperimentJob baseline = storedExperimentWaitingForItsBaseline();
        CountDownLatch storageAnswers = new CountDownLatch(1);
        Supplier<List<Experiment>> slowStorage = () -> {
            try {
                storageAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return everyStoredExperiment();
        };
        try (ExperimentDriver driver = new ExperimentDriver(machine(), slowStorage)) {
            driver.reload();
            CompletableFuture<Void> event = CompletableFuture.runAsync(() -> driver.onCheckpoint(finalCheckpoint(baseline)));
            Thread.sleep(300);
            assertFalse(event.isDone(), "the event cannot be taken before its experiment is known again");
            storageAnswers.countDown();
            event.get(30, TimeUnit.SECONDS);
        }
        Experiment x = states.read(InMemoryPorts.ID);
        assertTrue(x.job(baseline.jobId()).orElseThrow().succeeded(), "the checkpoint was applied, not skipped");
        assertEquals(ExperimentState.TRAINING_PERTURBED, x.state(), "and moved the experiment on");
    }

    @Test
    void storageThatFailsAtFirstIsAskedAgainAndNoEventIsLostMeanwhile() throws Exception {
        ExperimentJob baseline = storedExperimentWaitingForItsBaseline();
        AtomicInteger asked = new AtomicInteger();
        Supplier<List<Experiment>> flaky = () -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("S3 is not reachable");
            }
            return everyStoredExperiment();
        };
        try (ExperimentDriver driver = new ExperimentDriver(machine(), flaky)) {
            driver.reload();
            driver.onCheckpoint(finalCheckpoint(baseline));
        }
        assertEquals(2, asked.get());
        assertTrue(states.read(InMemoryPorts.ID).job(baseline.jobId()).orElseThrow().succeeded());
    }

    /** An experiment (saliency attention, one cnn) stored by a service that then stopped: its baseline is queued. */
    private ExperimentJob storedExperimentWaitingForItsBaseline() {
        ExperimentRequest request = Json.read("""
                {"datasetId": "d", "architectures": ["cnn"], "clusters": 3, "epochs": 1, "attention": "saliency"}"""
                .getBytes(StandardCharsets.UTF_8), ExperimentRequest.class);
        Experiment created = Experiment.created(InMemoryPorts.ID, ExperimentSpec.of(request), Instant.now());
        states.save(created);
        machine().start(created);
        return states.read(InMemoryPorts.ID).jobs(JobRole.BASELINE).get(0);
    }

    private List<Experiment> everyStoredExperiment() {
        return states.stored.keySet().stream().map(states::read).toList();
    }

    private ExperimentStateMachine machine() {
        return new ExperimentStateMachine(states, sent, new Datasets(), new Models(), new Reports(), new Evaluations(),
                new StorageLayout("datasets", "models", "experiments"));
    }

    private static CheckpointReady finalCheckpoint(ExperimentJob job) {
        EvaluationResult test = new EvaluationResult(job.datasetId(), "original", "PrivateTest", 0.5, 0.5, 0.5,
                Map.of(), null, null);
        return new CheckpointReady("c-" + job.jobId(), "cnn-d", 1, job.jobId(), job.architecture(), job.datasetId(),
                "original", "s3://models/cnn-d/v1/", "djl", Emotion.labels(), List.of(1, 48, 48), 1, true, test, Map.of(),
                "cpu", job.eventId(), List.of(), Instant.now());
    }
}
