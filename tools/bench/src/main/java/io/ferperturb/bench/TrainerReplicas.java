package io.ferperturb.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The trainer processes {@code ./run.sh up --trainers N} started: their URLs, pid files and logs under the state
 * directory ({@code trainer-service}, then {@code trainer-service-2}, ...). Which replica trains a job shows in the
 * logs ("job {id}: training ..."), the only place the current services name it.
 */
final class TrainerReplicas {
    /** One trainer process. */
    record Replica(String name, String url, Path pidFile, Path log) {
        Optional<ProcessHandle> process() {
            try {
                return Files.isRegularFile(pidFile)
                        ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).filter(ProcessHandle::isAlive)
                        : Optional.empty();
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean alive() {
            return process().isPresent();
        }

        /** How often this replica's log says it started training the job (resuming it counts again). */
        int trainingStarts(String jobId) {
            String marker = "job " + jobId + ": training ";
            try (var lines = Files.lines(log)) {
                return (int) lines.filter(l -> l.contains(marker)).count();
            } catch (IOException | UncheckedIOException e) {
                return 0; // no log yet, or one being written in another charset: the next look reads it
            }
        }
    }

    private final List<Replica> replicas = new ArrayList<>();

    TrainerReplicas(Path stateDir, List<String> urls) {
        for (int i = 0; i < urls.size(); i++) {
            String name = i == 0 ? "trainer-service" : "trainer-service-" + (i + 1);
            replicas.add(new Replica(name, urls.get(i), stateDir.resolve(name + ".pid"),
                    stateDir.resolve("logs").resolve(name + ".log")));
        }
    }

    List<Replica> all() {
        return replicas;
    }

    List<Replica> alive() {
        return replicas.stream().filter(Replica::alive).toList();
    }
}
