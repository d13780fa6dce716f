package io.ferperturb.models.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.SequentialBlock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A gradient pass queued behind another gives up after the configured wait instead of waiting forever. */
class GradientLockWaitTest {

    @Test
    void aPassThatCannotTakeTheLockInTimeIsRefusedWithARetryHint() throws Exception {
        Duration configured = GradientPasses.lockWait();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> GradientPass.locked(new SequentialBlock(), unused -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        try {
            holding.await();
            GradientPasses.waitAtMost(Duration.ofMillis(50));
            GradientLockTimeoutException refused = assertThrows(GradientLockTimeoutException.class,
                    () -> GradientPass.locked(new SequentialBlock(), unused -> "never runs"));
            assertTrue(refused.retryAfterSeconds() >= 1, "a retry hint: " + refused.retryAfterSeconds());
            assertTrue(refused.getMessage().contains("retry"), refused.getMessage());
        } finally {
            release.countDown();
            holder.join();
            GradientPasses.waitAtMost(configured);
        }
        assertEquals("runs", GradientPass.locked(new SequentialBlock(), unused -> "runs"), "the lock is free again");
    }

    @Test
    void aWaitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> GradientPasses.waitAtMost(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> GradientPasses.waitAtMost(null));
    }
}
