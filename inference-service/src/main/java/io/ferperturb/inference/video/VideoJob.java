package io.ferperturb.inference.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One video's analysis as it goes: queued, running (frames done of those expected), annotating, done or failed.
 * Written by the job's thread, read by requests.
 */
public final class VideoJob {
    /** Where a job is. */
    public enum State {
        QUEUED, RUNNING, ANNOTATING, DONE, FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What {@code GET /videos/{id}} answers.
     *
     * @param framesExpected sampled frames estimated from the container's duration (the count once done)
     * @param framesPerS     sampled frames analysed per second of the job's running time
     * @param etaS           seconds until the frames are analysed, at that rate
     * @param timeline       where the timeline is served, once done
     * @param annotated      where the annotated video is served, once done (when asked for)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String id, State state, String model, double fps, int framesDone, int framesExpected,
            Double framesPerS, Double etaS, Instant createdAt, Instant finishedAt, String error, String timeline,
            String annotated) {
    }

    private final String id;
    private final String model;
    private final double fps;
    private final boolean annotated;
    private final Instant createdAt = Instant.now();
    private volatile State state = State.QUEUED;
    private volatile int framesDone;
    private volatile int framesExpected;
    private volatile long startedNanos;
    private volatile long finishedNanos;
    private volatile Instant finishedAt;
    private volatile String error;

    VideoJob(String id, String model, double fps, int framesExpected, boolean annotated) {
        this.id = id;
        this.model = model;
        this.fps = fps;
        this.framesExpected = framesExpected;
        this.annotated = annotated;
    }

    public String id() {
        return id;
    }

    boolean annotated() {
        return annotated;
    }

    void started() {
        startedNanos = System.nanoTime();
        state = State.RUNNING;
    }

    void framesDone(int done) {
        framesDone = done;
        framesExpected = Math.max(framesExpected, done);
    }

    void annotating() {
        state = State.ANNOTATING;
    }

    void finished(int frames) {
        framesDone = frames;
        framesExpected = frames;
        end(State.DONE, null);
    }

    void failed(String why) {
        end(State.FAILED, why);
    }

    private void end(State end, String why) {
        finishedNanos = System.nanoTime();
        finishedAt = Instant.now();
        error = why;
        state = end;
    }

    public Status status() {
        State now = state;
        Double rate = null;
        Double eta = null;
        if (startedNanos != 0 && framesDone > 0) {
            long until = finishedNanos != 0 ? finishedNanos : System.nanoTime();
            rate = framesDone / ((until - startedNanos) / 1e9);
            eta = now == State.RUNNING ? Math.max(0, framesExpected - framesDone) / rate : 0.0;
        }
        boolean done = now == State.DONE;
        return new Status(id, now, model, fps, framesDone, framesExpected, rate, eta, createdAt, finishedAt, error,
                done ? "/videos/" + id + "/timeline" : null, done && annotated ? "/videos/" + id + "/annotated" : null);
    }
}
