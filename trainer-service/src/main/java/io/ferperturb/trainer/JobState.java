package io.ferperturb.trainer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a training job stands; the JSON value is the word {@code GET /jobs/{id}} and {@code training-progress} use. */
public enum JobState {
    QUEUED("queued"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    /** Cancelled by an admin ({@code DELETE /jobs/{id}}); its training-progress says {@code failed}, error "cancelled…". */
    CANCELLED("cancelled");

    private final String json;

    JobState(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static JobState of(String json) {
        for (JobState state : values()) {
            if (state.json.equals(json)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state '" + json + "'");
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    @Override
    public String toString() {
        return json;
    }
}
