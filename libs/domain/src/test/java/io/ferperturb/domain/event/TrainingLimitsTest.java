package io.ferperturb.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingLimitsTest {
    private final TrainingLimits limits = new TrainingLimits(200, 64, 10, "fer.test.limits");

    @Test
    void eachCapAdmitsItsValueAndRefusesOneMoreNamingTheSetting() {
        limits.checkEpochs("epochs", 200);
        limits.checkBatchSize("batchSize", 64);
        limits.checkJobs("jobs", 10);

        assertEquals("epochs is at most 200 on this server (setting fer.test.limits.max-epochs), got 201",
                assertThrows(LimitExceededException.class, () -> limits.checkEpochs("epochs", 201)).getMessage());
        assertEquals("batchSize is at most 64 on this server (setting fer.test.limits.max-batch-size), got 65",
                assertThrows(LimitExceededException.class, () -> limits.checkBatchSize("batchSize", 65)).getMessage());
        assertEquals("the jobs of one event is at most 10 on this server (setting fer.test.limits.max-jobs), got 11",
                assertThrows(LimitExceededException.class, () -> limits.checkJobs("the jobs of one event", 11)).getMessage());
    }

    @Test
    void anUnsetValueIsLeftToTheDefaultsAndIsNotCapped() {
        limits.checkEpochs("epochs", null);
        limits.checkBatchSize("batchSize", null);
    }

    @Test
    void aRefusedRequestIsAnInvalidEventSoAConsumerDeadLettersIt() {
        InvalidEventException refused = assertThrows(InvalidEventException.class,
                () -> limits.atMost("seeds", 6, 5, "max-seeds"));
        assertEquals("seeds is at most 5 on this server (setting fer.test.limits.max-seeds), got 6", refused.getMessage());
    }

    @Test
    void capsArePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingLimits(0, 1, 1, "fer.test.limits"));
    }
}
