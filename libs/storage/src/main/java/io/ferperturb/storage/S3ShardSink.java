package io.ferperturb.storage;

import io.ferperturb.domain.data.DatasetManifest;
import io.ferperturb.domain.data.ShardSink;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.S3Uri;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * A {@link ShardSink} that stores each object under an S3 prefix through {@link ObjectStore#put},
 * with up to {@code concurrency} uploads in flight while the writer fills the next shard (each held
 * shard is about 9 MB, so memory stays bounded). {@code manifest.json} waits until every earlier object
 * is stored and then goes up synchronously, so a manifest never points at a missing shard. The first
 * failed upload fails the next {@code put}.
 */
public final class S3ShardSink implements ShardSink, AutoCloseable {
    private final ObjectStore store;
    private final S3Uri prefix;
    private final ExecutorService uploads;
    private final Semaphore inFlight;
    private final List<Future<?>> pending = new ArrayList<>();

    public S3ShardSink(ObjectStore store, S3Uri prefix, int concurrency) {
        this.store = store;
        this.prefix = prefix;
        this.uploads = Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "shard-upload");
            thread.setDaemon(true);
            return thread;
        });
        this.inFlight = new Semaphore(concurrency);
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        checkFailures(false);
        String type = name.endsWith(".json") ? "application/json" : "application/octet-stream";
        if (DatasetManifest.FILE_NAME.equals(name)) {
            checkFailures(true);
            store.put(prefix.resolve(name), content, type);
            return;
        }
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to upload " + name, e);
        }
        pending.add(uploads.submit(() -> {
            try {
                store.put(prefix.resolve(name), content, type);
            } finally {
                inFlight.release();
            }
        }));
    }

    /** Rethrows the first failed upload; with {@code waitForAll}, first waits for every pending one. */
    private void checkFailures(boolean waitForAll) throws IOException {
        for (Future<?> upload : pending) {
            if (!waitForAll && !upload.isDone()) {
                continue;
            }
            try {
                upload.get();
            } catch (ExecutionException e) {
                throw new IOException("a shard upload failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for shard uploads", e);
            }
        }
        pending.removeIf(Future::isDone);
    }

    @Override
    public void close() {
        uploads.shutdownNow();
    }
}
