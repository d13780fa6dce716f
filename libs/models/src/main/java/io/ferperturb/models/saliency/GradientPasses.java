package io.ferperturb.models.saliency;

import java.time.Duration;

/**
 * How long a gradient pass waits for the JVM's one gradient lock (DJL allows one open gradient collector per JVM)
 * before giving up with {@link GradientLockTimeoutException}: a server sets it once from its configuration, so a
 * request queued behind long ones is refused rather than held forever. JVM-wide, as the lock is.
 */
public final class GradientPasses {
    /** Until configured: long enough for any single map, finite all the same. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    private static volatile Duration lockWait = DEFAULT_WAIT;

    private GradientPasses() {
    }

    /** @param wait longest wait for the lock, positive */
    public static void waitAtMost(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("the gradient lock wait must be positive, got " + wait);
        }
        lockWait = wait;
    }

    public static Duration lockWait() {
        return lockWait;
    }
}
