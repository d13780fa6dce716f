package io.ferperturb.perturb.experiment;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a training job is for in an experiment; written in JSON (state.json, the API) as its lower-case name. */
public enum JobRole {
    /** The attention model, whose attention maps are clustered. */
    ATTENTION("attention"),
    /** An architecture trained on the original dataset. */
    BASELINE("baseline"),
    /** An architecture trained on a perturbed dataset. */
    PERTURBED("perturbed"),
    /**
     * The {@code more-steps} control: an architecture trained on the original dataset for as many optimiser steps
     * and images as its expanded perturbed run of n regions.
     */
    MORE_STEPS("more-steps");

    private final String value;

    JobRole(String value) {
        this.value = value;
    }

    @JsonValue
    public String json() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
