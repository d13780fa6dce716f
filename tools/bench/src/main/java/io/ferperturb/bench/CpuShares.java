package io.ferperturb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went while the scale benchmark's jobs ran: per process of the stack (every pid file under
 * the state directory, and the bench itself), split by thread into training (the thread that runs a job and the one
 * that feeds it batches), JIT compilation, garbage collection and the rest, from {@code /proc}. Two trainers can only
 * double one trainer's jobs per hour if their training threads get two cores; this shows how much the rest of the
 * stack took instead. A thread that ends between the two readings has its time after the first counted as "other"
 * (its process's total keeps it; its own counter is gone).
 */
final class CpuShares {
    private static final Path PROC = Path.of("/proc");
    /** The kinds printed by name; the rest of a process's time is printed as "other". */
    private static final List<String> NAMED_KINDS = List.of("training", "JIT", "GC");

    /** Clock ticks of one process: its total (exited threads included) and each live thread's, by thread id. */
    private record Ticks(long total, Map<String, ThreadTicks> threads) {
    }

    private record ThreadTicks(String kind, long ticks) {
    }

    private final Path stateDir;
    private final Instant from = Instant.now();
    private final long[] machineFrom;
    private final Map<Long, String> names = new LinkedHashMap<>();
    private final Map<Long, Ticks> start = new HashMap<>();

    private CpuShares(Path stateDir) {
        this.stateDir = stateDir;
        this.machineFrom = MachineLoad.ticks();
        processes().forEach((pid, name) -> ticks(pid).ifPresent(t -> {
            names.put(pid, name);
            start.put(pid, t);
        }));
    }

    /** Starts counting, or returns null where there is no /proc to count from. */
    static CpuShares start(Path stateDir) {
        return Files.isReadable(PROC.resolve("stat")) ? new CpuShares(stateDir) : null;
    }

    /** Prints each process's share since {@link #start}; a process that died meanwhile (a killed trainer) is left out. */
    void print() {
        long[] machineTo = MachineLoad.ticks();
        double wall = Duration.between(from, Instant.now()).toMillis() / 1000.0;
        int cores = Runtime.getRuntime().availableProcessors();
        long total = machineTo[1] - machineFrom[1];
        double coreSecondsPerTick = cores * wall / Math.max(1, total);
        System.out.printf(Locale.ROOT, "cpu while the jobs ran: %.0f s on %d cores = %.0f core-s, %.0f %% busy%n", wall,
                cores, cores * wall, 100.0 * (machineTo[0] - machineFrom[0]) / Math.max(1, total));
        long accounted = 0;
        for (Map.Entry<Long, String> process : names.entrySet()) {
            Ticks before = start.get(process.getKey());
            Ticks after = ticks(process.getKey()).orElse(null);
            if (after == null) {
                continue;
            }
            long used = after.total() - before.total();
            accounted += used;
            Map<String, Long> byKind = new HashMap<>();
            after.threads().forEach((tid, now) -> {
                ThreadTicks then = before.threads().get(tid);
                byKind.merge(now.kind(), now.ticks() - (then == null ? 0 : then.ticks()), Long::sum);
            });
            StringBuilder kinds = new StringBuilder();
            long threads = 0;
            for (String kind : NAMED_KINDS) {
                long k = byKind.getOrDefault(kind, 0L);
                threads += k;
                if (k > 0) {
                    kinds.append(String.format(Locale.ROOT, ", %s %.1f", kind, k * coreSecondsPerTick));
                }
            }
            System.out.printf(Locale.ROOT, "  %-20s %6.1f core-s (%4.1f %%)%s, other %.1f%n", process.getValue(),
                    used * coreSecondsPerTick, 100.0 * used / Math.max(1, total), kinds, (used - threads) * coreSecondsPerTick);
        }
        long rest = machineTo[0] - machineFrom[0] - accounted;
        System.out.printf(Locale.ROOT, "  %-20s %6.1f core-s (%4.1f %%)%n", "everything else", rest * coreSecondsPerTick,
                100.0 * rest / Math.max(1, total));
    }

    /** The stack's processes by the pid files run.sh keeps ({@code kafka.pid}, {@code trainer-service-2.pid}, ...). */
    private Map<Long, String> processes() {
        Map<Long, String> pids = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(stateDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString().replace(".pid", ""))).forEach(f -> {
                try {
                    String name = f.getFileName().toString();
                    pids.put(Long.parseLong(Files.readString(f).trim()), name.substring(0, name.length() - 4));
                } catch (IOException | NumberFormatException unreadable) {
                    // a pid file being rewritten: that process goes uncounted, and shows under "everything else"
                }
            });
        } catch (IOException e) {
            // no state directory: only the bench itself is counted
        }
        pids.put(ProcessHandle.current().pid(), "bench");
        return pids;
    }

    private static Optional<Ticks> ticks(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            long total = cpuTicks(Files.readString(dir.resolve("stat")));
            Map<String, ThreadTicks> threads = new HashMap<>();
            try (Stream<Path> tasks = Files.list(dir.resolve("task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        threads.put(task.getFileName().toString(), new ThreadTicks(kind(name), cpuTicks(stat)));
                    } catch (IOException exited) {
                        // the thread ended between listing and reading: its time stays in the process's total
                    }
                }
            }
            return Optional.of(new Ticks(total, threads));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** The kind of work a JVM thread does, by its name. */
    static String kind(String threadName) {
        if (threadName.startsWith("training-jobs") || threadName.startsWith("batch-feeder")) {
            return "training";
        }
        if (threadName.contains("CompilerThre")) {
            return "JIT";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")) {
            return "GC";
        }
        return "other";
    }

    /** utime + stime: fields 14 and 15 of a /proc stat line, counted after the parenthesised name. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
