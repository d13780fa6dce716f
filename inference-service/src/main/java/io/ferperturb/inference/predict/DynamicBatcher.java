package io.ferperturb.inference.predict;

import io.ferperturb.models.Djl;
import io.ferperturb.models.EmotionClassifier;
import io.ferperturb.serving.ServingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Groups the faces of concurrent requests into shared forward passes. A worker takes the oldest job, then
 * adds jobs for the same model until the batch holds {@code maxBatchSize} faces or {@code maxDelay} has
 * passed since the oldest job was queued or the worker became free, whichever is later (as Triton's queue
 * delay: time spent behind a busy worker is not time spent waiting for company). It waits for more only
 * while requests are still on their way (announced with {@link #expect()} before decoding), or while the
 * batch holds fewer faces than were in play around the previous pass (its own, plus those that queued or
 * were announced meanwhile): clients just answered come back with their next request, and waiting for them
 * keeps one full batch instead of two half-size ones taking turns (figures: tools/bench/RESULTS.md). A lone
 * client is never held back; when clients leave, one pass waits up to the max delay and
 * the estimate follows. With several workers the faces in other workers' passes count as in play too, and
 * each worker waits for its share. Each pass allocates in its own NDManager sub-manager ({@link EmotionClassifier#forward}), so
 * native memory stays flat. Plain Java: the bench and the service use the same class.
 */
public final class DynamicBatcher implements AutoCloseable {
    // jboss-logging rather than Quarkus' Log: the benchmark runs this class outside Quarkus
    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    /** Told about every forward pass. */
    public interface Listener {
        /** Before the pass: its faces, and how long the oldest of them waited. */
        void onBatch(int size, long oldestWaitNanos);

        /** After a pass that succeeded: how long the forward itself took (with the batch's copy into the engine). */
        default void onForward(int size, long forwardNanos) {
        }
    }

    /** Logits of one job's inputs, flat ({@code count × classes}). */
    private record Job(ServingModel model, float[] inputs, int count, long queuedAt, CompletableFuture<float[]> logits) {
    }

    /** A request on its way to {@link #submit}; closing it (idempotent) says it will not come, e.g. after bad input. */
    public final class Ticket implements AutoCloseable {
        private boolean open = true;

        @Override
        public synchronized void close() {
            if (open) {
                open = false;
                arriving.decrementAndGet();
            }
        }
    }

    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final BlockingQueue<Job> queue;
    private final AtomicInteger arriving = new AtomicInteger();
    private final Listener listener;
    private final List<Thread> workers = new ArrayList<>();
    /** Faces in play around the last pass: the size the next batch waits for (up to the max delay). */
    private volatile int clientsSeen = 1;
    /** Faces in forward passes right now, across the workers. */
    private final AtomicInteger inPasses = new AtomicInteger();
    private volatile boolean running = true;

    public DynamicBatcher(int maxBatchSize, long maxDelayMs, int workers, int queueCapacity, Listener listener) {
        this(maxBatchSize, maxDelayMs, workers, 0, queueCapacity, listener);
    }

    /** {@code threadsPerWorker}: libtorch intra-op threads of each worker, 0 for the engine's default. */
    public DynamicBatcher(int maxBatchSize, long maxDelayMs, int workers, int threadsPerWorker, int queueCapacity,
            Listener listener) {
        if (maxBatchSize < 1 || workers < 1 || queueCapacity < 1 || maxDelayMs < 0) {
            throw new IllegalArgumentException("batching needs max batch size, workers and queue capacity ≥ 1 and a delay ≥ 0");
        }
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.listener = listener;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                Djl.intraOpThreadsOnThisThread(threadsPerWorker);
                work();
            }, "batcher-" + i);
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
    }

    /** Announces a request that will submit soon (call before decoding its image). */
    public Ticket expect() {
        arriving.incrementAndGet();
        return new Ticket();
    }

    /**
     * Queues {@code count} normalised 1×side×side inputs for {@code model}, which the caller holds; the job
     * holds it too until its forward pass ends (a caller that stops waiting cannot close it under the batch).
     * The future completes with their logits, flat. Closes the ticket.
     *
     * @throws BatcherFullException when the queue is full (the server is overloaded)
     */
    public CompletableFuture<float[]> submit(Ticket ticket, ServingModel model, float[] inputs, int count) {
        Job job = new Job(model.acquire(), inputs, count, System.nanoTime(), new CompletableFuture<>());
        try {
            if (!queue.offer(job)) {
                model.release();
                throw new BatcherFullException("the server is busy (" + queue.size()
                        + " inference jobs queued); retry in a moment");
            }
        } finally {
            ticket.close();
        }
        return job.logits();
    }

    private void work() {
        Job carry = null;
        while (running) {
            try {
                long freeSince = System.nanoTime();
                Job first = carry != null ? carry : queue.take();
                carry = null;
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                int faces = first.count();
                // Counted from the oldest job's arrival alone, a group that queued during a long pass (ResNet-18's
                // on a CPU) would be past its delay when the pass ends and go alone, while the clients of that pass
                // come back a moment later: two half batches taking turns for good.
                long deadline = Math.max(first.queuedAt(), freeSince) + maxDelayNanos;
                // with several workers each takes its share of the faces in play
                int expected = Math.min(maxBatchSize, (clientsSeen + workers.size() - 1) / workers.size());
                while (faces < maxBatchSize) {
                    Job next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || (arriving.get() == 0 && faces >= expected)) {
                            break;
                        }
                        next = queue.poll(Math.min(left, 200_000), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            continue;
                        }
                    }
                    if (next.model() != first.model() || faces + next.count() > maxBatchSize) {
                        carry = next;
                        break;
                    }
                    batch.add(next);
                    faces += next.count();
                }
                run(batch, faces);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int queuedFaces() {
        int n = 0;
        for (Job job : queue) {
            n += job.count();
        }
        return n;
    }

    private void run(List<Job> batch, int faces) {
        ServingModel model = batch.get(0).model();
        int side = model.card().inputSide();
        int pixels = side * side;
        float[] logits = null;
        Throwable failure = null;
        try {
            float[] inputs = new float[faces * pixels];
            int offset = 0;
            for (Job job : batch) {
                System.arraycopy(job.inputs(), 0, inputs, offset, job.count() * pixels);
                offset += job.count() * pixels;
            }
            listener.onBatch(faces, System.nanoTime() - batch.get(0).queuedAt());
            inPasses.addAndGet(faces);
            long start = System.nanoTime();
            try {
                logits = EmotionClassifier.forward(model.loaded().model(), inputs, faces, side);
            } finally {
                inPasses.addAndGet(-faces);
            }
            listener.onForward(faces, System.nanoTime() - start);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            batch.forEach(job -> job.model().release()); // before answering: the last request out closes the model
        }
        if (failure != null) {
            LOG.error("a batched forward pass failed", failure);
            Throwable cause = failure;
            batch.forEach(job -> job.logits().completeExceptionally(cause));
            return;
        }
        // Faces of this pass plus those that queued or were announced during it, counted before anyone is
        // answered: under a closed loop of clients this is how many are in play, and the next pass waits for
        // the ones on their way back instead of splitting them into two half-size batches taking turns.
        clientsSeen = faces + inPasses.get() + queuedFaces() + arriving.get();
        int classes = logits.length / faces;
        int row = 0;
        for (Job job : batch) {
            float[] mine = new float[job.count() * classes];
            System.arraycopy(logits, row * classes, mine, 0, mine.length);
            row += job.count();
            job.logits().complete(mine);
        }
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
    }
}
