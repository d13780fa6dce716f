package io.ferperturb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * How busy the whole machine is, from {@code /proc/stat}. The scale benchmark starts its jobs once the services it
 * just started have finished starting: their JIT compilation and first connections take most of a core for
 * several seconds, and on a small machine that time would otherwise be charged to the first jobs, more heavily the
 * more trainers share the cores.
 */
final class MachineLoad {
    private static final Path STAT = Path.of("/proc/stat");
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Busy share of all cores below which the stack counts as settled: idle services, Kafka and S3 stay under it. */
    private static final double SETTLED = 0.2;

    private MachineLoad() {
    }

    /** Returns once a window of {@link #WINDOW} was under {@link #SETTLED} busy, or after {@link #PATIENCE}. */
    static void waitUntilSettled() throws InterruptedException {
        if (!Files.isReadable(STAT)) {
            say("no /proc/stat here: submitting without waiting for the services to settle");
            return;
        }
        Instant until = Instant.now().plus(PATIENCE);
        long[] before = ticks();
        double busy = 1;
        while (Instant.now().isBefore(until)) {
            Thread.sleep(WINDOW.toMillis());
            long[] now = ticks();
            busy = (double) (now[0] - before[0]) / Math.max(1, now[1] - before[1]);
            before = now;
            if (busy < SETTLED) {
                say("the machine has settled (%.0f %% busy over %d s); submitting", busy * 100, WINDOW.toSeconds());
                return;
            }
        }
        say("the machine stayed busy (%.0f %% over the last %d s) for %d s; submitting anyway", busy * 100,
                WINDOW.toSeconds(), PATIENCE.toSeconds());
    }

    /** {busy, total} clock ticks of all cores since boot: the first line of /proc/stat. */
    static long[] ticks() {
        try {
            String[] fields = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            long[] t = Arrays.stream(fields, 1, Math.min(fields.length, 9)).mapToLong(Long::parseLong).toArray();
            long idle = t[3] + t[4]; // idle, iowait
            long total = Arrays.stream(t).sum();
            return new long[] {total - idle, total};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STAT + ": " + e.getMessage(), e);
        }
    }

    private static void say(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[scale] " + format + "%n", args);
    }
}
