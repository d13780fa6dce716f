package io.ferperturb.inference.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ferperturb.domain.data.Emotion;
import io.ferperturb.domain.data.FacePreprocessing;
import io.ferperturb.domain.data.Normalisation;
import io.ferperturb.synthetic.SyntheticFaceGenerator;
import io.ferperturb.models.Architectures;
import io.ferperturb.models.Djl;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.models.LoadedModel;
import io.ferperturb.models.Lineage;
import io.ferperturb.models.ModelCard;
import io.ferperturb.serving.ServingModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    private static ServingModel model;

    @BeforeAll
    static void model() {
        model = newModel();
    }

    private static ServingModel newModel() {
        Djl.engine();
        Model m = Model.newInstance("batcher-test", Device.cpu(), "PyTorch");
        m.setBlock(Architectures.get("cnn").newBlock(7));
        m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 48, 48));
        ModelCard card = new ModelCard("batcher-test", 1, "cnn", Emotion.labels(), List.of(1, 48, 48), Normalisation.FER2013,
                "model", 1, true, new Lineage("d", "original", null, "j", "e", null), null, List.of(), Map.of(), "cpu",
                Instant.now());
        LoadedModel loaded = new LoadedModel(card, m);
        return new ServingModel(loaded, new EmotionClassifier(loaded));
    }

    @AfterAll
    static void close() {
        model.retire();
    }

    @Test
    void aQueuedJobKeepsItsModelOpenAfterTheRequestAndTheRegistryLetGo() throws Exception {
        ServingModel swappedOut = newModel();
        CountDownLatch gate = new CountDownLatch(1);
        try (DynamicBatcher batcher = new DynamicBatcher(32, 0, 1, 10, (size, wait) -> awaitOpen(gate))) {
            swappedOut.acquire(); // the request's hold
            CompletableFuture<float[]> answer = batcher.submit(batcher.expect(), swappedOut, new float[48 * 48], 1);
            swappedOut.release(); // the request stopped waiting
            swappedOut.retire(); // and the registry swapped the model out
            assertFalse(swappedOut.isClosed(), "the queued job still holds the model");
            gate.countDown();
            assertEquals(7, answer.get(30, TimeUnit.SECONDS).length);
            assertTrue(swappedOut.isClosed(), "the job was its last user, and it released the model before answering");
            assertFalse(swappedOut.tryAcquire(), "a closed model cannot be held again");
        }
    }

    private static void awaitOpen(CountDownLatch gate) {
        try {
            gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eachWorkerRunsItsPassesWithItsOwnLibtorchThreadCount() throws Exception {
        List<Integer> threads = new CopyOnWriteArrayList<>();
        int callerThreads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        int asked = callerThreads + 1; // unlike any thread's default
        // the listener runs on the worker, just before its forward pass
        try (DynamicBatcher batcher = new DynamicBatcher(32, 0, 2, asked, 10,
                (size, wait) -> threads.add(ai.djl.pytorch.jni.JniUtils.getNumThreads()))) {
            for (int i = 0; i < 4; i++) {
                assertEquals(7, batcher.submit(batcher.expect(), model, new float[48 * 48], 1).get(30, TimeUnit.SECONDS).length);
            }
        }
        assertEquals(List.of(asked, asked, asked, asked), threads);
        assertEquals(callerThreads, ai.djl.pytorch.jni.JniUtils.getNumThreads(), "other threads keep theirs");
    }

    @Test
    void requestsAnnouncedTogetherShareOneForwardPassAndGetTheirOwnLogits() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (DynamicBatcher batcher = new DynamicBatcher(32, 2_000, 1, 100, (size, wait) -> batches.add(size))) {
            SyntheticFaceGenerator generator = new SyntheticFaceGenerator(1);
            int requests = 8;
            List<DynamicBatcher.Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                tickets.add(batcher.expect()); // all on their way before the first one is queued
            }
            List<CompletableFuture<float[]>> answers = new ArrayList<>();
            List<byte[]> faces = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                byte[] face = generator.draw(Emotion.of(i % 7), i);
                faces.add(face);
                answers.add(batcher.submit(tickets.get(i), model, FacePreprocessing.toInput(new byte[][] {face},
                        Normalisation.FER2013), 1));
            }
            float[][] alone = model.classifier().logits(faces.toArray(byte[][]::new));
            for (int i = 0; i < requests; i++) {
                assertArrayEquals(alone[i], answers.get(i).get(30, TimeUnit.SECONDS), 1e-4f, "request " + i);
            }
            assertEquals(List.of(requests), batches);
        }
    }

    @Test
    void eachPassReportsItsForwardTimeWithinTheTimeItsRequestsWaited() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        List<Long> forwardNanos = new CopyOnWriteArrayList<>();
        DynamicBatcher.Listener listener = new DynamicBatcher.Listener() {
            @Override
            public void onBatch(int size, long oldestWaitNanos) {
            }

            @Override
            public void onForward(int size, long nanos) {
                sizes.add(size);
                forwardNanos.add(nanos);
            }
        };
        try (DynamicBatcher batcher = new DynamicBatcher(32, 2_000, 1, 100, listener)) {
            List<DynamicBatcher.Ticket> tickets = List.of(batcher.expect(), batcher.expect(), batcher.expect());
            long start = System.nanoTime();
            List<CompletableFuture<float[]>> answers = new ArrayList<>();
            for (DynamicBatcher.Ticket ticket : tickets) {
                answers.add(batcher.submit(ticket, model, new float[48 * 48], 1));
            }
            for (CompletableFuture<float[]> answer : answers) {
                answer.get(30, TimeUnit.SECONDS);
            }
            long waited = System.nanoTime() - start;
            assertEquals(List.of(3), sizes);
            assertTrue(forwardNanos.get(0) > 0 && forwardNanos.get(0) <= waited,
                    forwardNanos.get(0) + " ns of forward pass in " + waited + " ns of waiting");

            // a pass that fails (inputs of the wrong size) is not counted as forward time
            CompletableFuture<float[]> broken = batcher.submit(batcher.expect(), model, new float[7], 1);
            assertThrows(Exception.class, () -> broken.get(30, TimeUnit.SECONDS));
            assertEquals(List.of(3), sizes);
        }
    }

    @Test
    void aLoneRequestDoesNotWaitForCompany() throws Exception {
        List<Long> waits = new CopyOnWriteArrayList<>();
        try (DynamicBatcher batcher = new DynamicBatcher(32, 60_000, 1, 100, (size, wait) -> waits.add(wait))) {
            float[] input = new float[48 * 48];
            // with a one-minute delay, an answer before the timeout shows that nobody waited for company
            batcher.submit(batcher.expect(), model, input, 1).get(30, TimeUnit.SECONDS);
            assertEquals(1, waits.size());
        }
    }

    @Test
    void clientsOnTheirWayBackJoinTheNextBatchInsteadOfSplittingIt() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (DynamicBatcher batcher = new DynamicBatcher(32, 60_000, 1, 100, (size, wait) -> batches.add(size))) {
            float[] input = new float[48 * 48];
            List<DynamicBatcher.Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tickets.add(batcher.expect());
            }
            List<CompletableFuture<float[]>> first = new ArrayList<>();
            for (DynamicBatcher.Ticket ticket : tickets) {
                first.add(batcher.submit(ticket, model, input, 1));
            }
            for (CompletableFuture<float[]> answer : first) {
                answer.get(30, TimeUnit.SECONDS);
            }
            // four clients were in play: the first to come back waits for the other three (here up to the
            // one-minute delay) instead of running alone; the pause lets a batcher that does not wait run it alone
            CompletableFuture<float[]> early = batcher.submit(batcher.expect(), model, input, 1);
            sleep();
            List<CompletableFuture<float[]>> late = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                late.add(batcher.submit(batcher.expect(), model, input, 1));
            }
            early.get(30, TimeUnit.SECONDS);
            for (CompletableFuture<float[]> answer : late) {
                answer.get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of(4, 4), batches);
        }
    }

    @Test
    void aGroupQueuedDuringALongPassWaitsForThatPassesClientsInsteadOfGoingAlone() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        try (DynamicBatcher batcher = new DynamicBatcher(32, 1_000, 1, 100, (size, wait) -> {
            batches.add(size);
            awaitOpen(gate);
        })) {
            float[] input = new float[48 * 48];
            List<DynamicBatcher.Ticket> tickets = List.of(batcher.expect(), batcher.expect());
            List<CompletableFuture<float[]>> first = new ArrayList<>();
            for (DynamicBatcher.Ticket ticket : tickets) {
                first.add(batcher.submit(ticket, model, input, 1));
            }
            while (batches.isEmpty()) {
                Thread.sleep(5); // until the first pass (two faces) is held at the gate
            }
            List<CompletableFuture<float[]>> queued = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                queued.add(batcher.submit(batcher.expect(), model, input, 1));
            }
            Thread.sleep(1_200); // the long pass: the queued group waits past the one-second max delay
            gate.countDown();
            for (CompletableFuture<float[]> answer : first) {
                answer.get(30, TimeUnit.SECONDS);
            }
            // the first pass's clients come back with their next requests and join the queued group
            for (int i = 0; i < 2; i++) {
                queued.add(batcher.submit(batcher.expect(), model, input, 1));
            }
            for (CompletableFuture<float[]> answer : queued) {
                answer.get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of(2, 4), batches);
        }
    }

    @Test
    void batchesNeverExceedTheMaximumAndAFullQueueRefuses() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (DynamicBatcher batcher = new DynamicBatcher(4, 1_000, 1, 100, (size, wait) -> batches.add(size))) {
            List<DynamicBatcher.Ticket> tickets = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                tickets.add(batcher.expect());
            }
            List<CompletableFuture<float[]>> answers = new ArrayList<>();
            for (DynamicBatcher.Ticket t : tickets) {
                answers.add(batcher.submit(t, model, new float[48 * 48], 1));
            }
            for (CompletableFuture<float[]> a : answers) {
                assertEquals(7, a.get(30, TimeUnit.SECONDS).length);
            }
            assertEquals(10, batches.stream().mapToInt(Integer::intValue).sum());
            batches.forEach(size -> assertEquals(true, size <= 4, "batch of " + size));
        }
        try (DynamicBatcher tiny = new DynamicBatcher(1, 0, 1, 1, (size, wait) -> sleep())) {
            assertThrows(BatcherFullException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    tiny.submit(tiny.expect(), model, new float[48 * 48], 1);
                }
            });
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
