package io.ferperturb.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.models.CheckpointStore;
import io.ferperturb.storage.ObjectStore;
import io.ferperturb.storage.StorageLayout;
import io.ferperturb.testsupport.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Claims on jobs against the real S3 server: replicas racing for a job, and an owner fenced out by a takeover. */
class JobLeasesTest {
    private static final int REPLICAS = 8;
    private final ObjectStore store = new ObjectStore(TestServers.s3().settings());
    private final StorageLayout layout = new StorageLayout("datasets", "models", "experiments");

    private JobLeases replica(String name, Duration duration) {
        return new JobLeases(store, layout, duration, name);
    }

    @Test
    void ofReplicasClaimingOneJobAtTheSameMomentExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String jobId = "race-" + UUID.randomUUID();
            List<Optional<JobLease>> claims = race(REPLICAS, i -> replica("replica-" + i, Duration.ofSeconds(30)).claim(jobId));
            List<JobLease> won = claims.stream().flatMap(Optional::stream).toList();
            assertEquals(1, won.size(), "round " + round + ": exactly one replica holds the job");
            assertEquals(1, won.get(0).attempt());
            assertEquals(won.get(0).replica(), replica("observer", Duration.ofSeconds(30)).newest(jobId).orElseThrow().replica());
            won.get(0).verify(); // the winner may write
        }
    }

    @Test
    void aLiveClaimIsNotTakenAndALapsedOneIsTakenOverWhichFencesTheOldOwnerOut() throws Exception {
        String jobId = "takeover-" + UUID.randomUUID();
        JobLeases first = replica("first", Duration.ofSeconds(2));
        JobLeases second = replica("second", Duration.ofSeconds(2));
        JobLease old = first.claim(jobId).orElseThrow();
        assertTrue(second.claim(jobId).isEmpty(), "the job is held: a second replica does not start it");

        Thread.sleep(2_100); // the first replica stopped renewing (it died, or hung): its claim lapses
        JobLease taken = second.claim(jobId).orElseThrow();
        assertEquals(2, taken.attempt(), "the takeover is the job's next attempt, its fencing token");

        // the old owner comes back: it may not write (checkpoints, the final model, the job record) any more
        assertThrows(LeaseLostException.class, old::verify);
        assertTrue(old.lost(), "its training loop stops after the current step");
        old.renew();
        assertEquals("second", second.newest(jobId).orElseThrow().replica(), "renewing does not take the job back");
        taken.verify();
    }

    @Test
    void aReleasedClaimIsTakenOverAtOnce() {
        String jobId = "released-" + UUID.randomUUID();
        JobLease stopping = replica("stopping", Duration.ofSeconds(60)).claim(jobId).orElseThrow();
        stopping.release(); // SIGTERM: the job saved where it got to
        assertEquals(2, replica("next", Duration.ofSeconds(60)).claim(jobId).orElseThrow().attempt());
    }

    @Test
    void jobsOfOneModelFinishingTogetherGetDistinctVersionsAndATakenOverJobKeepsItsOwn() throws Exception {
        String modelId = "versions-" + UUID.randomUUID();
        ModelVersions versions = new ModelVersions(store, layout, new CheckpointStore(store));
        List<Integer> given = race(REPLICAS, i -> versions.reserve(modelId, "job-" + i));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), given.stream().sorted().toList());
        int third = given.get(3);
        assertEquals(third, versions.reserve(modelId, "job-3"), "the job's version is the one reserved for it before");
    }

    private interface Attempt<T> {
        T run(int replica) throws Exception;
    }

    /** Runs {@code n} attempts released at the same moment. */
    private static <T> List<T> race(int n, Attempt<T> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int replica = i;
                Callable<T> task = () -> {
                    start.await();
                    return attempt.run(replica);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            assertFalse(results.isEmpty());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
