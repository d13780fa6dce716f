package io.ferperturb.perturb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferperturb.domain.Json;
import io.ferperturb.domain.event.LimitExceededException;
import io.ferperturb.domain.event.TrainingLimits;
import org.junit.jupiter.api.Test;

/** The defaults admit the paper's protocol; one more of anything an experiment multiplies is refused, naming the setting. */
class ExperimentLimitsTest {
    /** The shipped defaults (fer.perturb.limits.*). */
    private final ExperimentLimits defaults = new ExperimentLimits(new TrainingLimits(2000, 1024, 256, "fer.perturb.limits"),
            8, 5);

    @Test
    void thePapersProtocolWithItsSweepAndThreeSeedsFitsTheDefaults() {
        ExperimentSpec paper = spec("""
                {"datasetId": "fer2013", "protocol": "paper", "sweep": [1, 2, 3, 4, 5, 6], "seeds": [1, 2, 3]}""");

        defaults.check(paper);

        assertEquals(1 + 5 * 3 * (1 + 6) + 5 * 3 * 6, ExperimentLimits.jobs(paper), "attention, baselines, perturbed, "
                + "more-steps");
        assertEquals(1400, paper.moreStepsEpochs("vgg16", 6));
    }

    @Test
    void aLongerSweepOrMoreSeedsThanAllowedAreRefused() {
        assertRefused("""
                {"datasetId": "d", "sweep": [1, 2, 3, 4, 5, 6, 7, 8, 9]}""", "fer.perturb.limits.max-sweep");
        assertRefused("""
                {"datasetId": "d", "seeds": [1, 2, 3, 4, 5, 6]}""", "fer.perturb.limits.max-seeds");
    }

    @Test
    void epochsAndBatchSizesOverTheCapAreRefusedTheMoreStepsControlsMultipliedEpochsToo() {
        assertRefused("""
                {"datasetId": "d", "epochs": 2001}""", "fer.perturb.limits.max-epochs");
        assertRefused("""
                {"datasetId": "d", "attentionEpochs": 5000}""", "fer.perturb.limits.max-epochs");
        assertRefused("""
                {"datasetId": "d", "epochsPerArchitecture": {"cnn": 9999}}""", "fer.perturb.limits.max-epochs");
        assertRefused("""
                {"datasetId": "d", "batchSize": 1025}""", "fer.perturb.limits.max-batch-size");
        String refusal = assertRefused("""
                {"datasetId": "d", "epochs": 300, "sweep": [6], "controls": ["more-steps"]}""",
                "fer.perturb.limits.max-epochs");
        assertTrue(refusal.contains("more-steps") && refusal.contains("2100"), refusal);
    }

    @Test
    void tooManyJobsInAllAreRefused() {
        String refusal = assertRefused("""
                {"datasetId": "d", "protocol": "paper", "sweep": [1, 2, 3, 4, 5, 6, 7, 8], "seeds": [1, 2, 3, 4, 5]}""",
                "fer.perturb.limits.max-jobs");
        assertTrue(refusal.contains("got " + (1 + 25 * 9 + 25 * 8)), refusal);
    }

    private String assertRefused(String request, String setting) {
        ExperimentSpec spec = spec(request);
        LimitExceededException refused = assertThrows(LimitExceededException.class, () -> defaults.check(spec));
        assertTrue(refused.getMessage().contains(setting), refused.getMessage());
        return refused.getMessage();
    }

    private static ExperimentSpec spec(String json) {
        return ExperimentSpec.of(Json.read(json.getBytes(), ExperimentRequest.class));
    }
}
