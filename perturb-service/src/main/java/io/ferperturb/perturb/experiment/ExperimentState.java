package io.ferperturb.perturb.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an experiment stands: {@code created → training-attention → clustering → training-perturbed →
 * succeeded | failed}. The JSON value is the contract's word ({@code GET /experiments/{id}}, {@code state.json}).
 */
public enum ExperimentState {
    /** Stored, nothing derived or published yet. */
    CREATED("created"),
    /** The occluded test set exists; the attention model (if one trains) and the baselines train. */
    TRAINING_ATTENTION("training-attention"),
    /** The attention is being mapped and clustered into the perturbed datasets. */
    CLUSTERING("clustering"),
    /** The perturbed datasets exist; their models train. */
    TRAINING_PERTURBED("training-perturbed"),
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String json;

    ExperimentState(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @JsonCreator
    public static ExperimentState of(String json) {
        for (ExperimentState state : values()) {
            if (state.json.equals(json)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown experiment state '" + json + "'");
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED;
    }

    @Override
    public String toString() {
        return json;
    }
}
