package io.ferperturb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuSharesTest {

    @Test
    void readsUserAndSystemTicksAfterANameWithSpacesAndParentheses() {
        String stat = "4242 (C2 CompilerThre) (x)) S 1 4242 4242 0 -1 4194368 1200 0 3 0 734 52 0 0 20 0 41 0 1234 "
                + "5000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 17610 0 0 0 17 1 0 0 0 0 0";

        assertEquals(734 + 52, CpuShares.cpuTicks(stat));
    }

    @Test
    void sortsJvmThreadsByTheWorkTheyDo() {
        assertEquals("training", CpuShares.kind("training-jobs"));
        assertEquals("training", CpuShares.kind("batch-feeder"));
        assertEquals("JIT", CpuShares.kind("C2 CompilerThre"));
        assertEquals("JIT", CpuShares.kind("C1 CompilerThre"));
        assertEquals("GC", CpuShares.kind("GC Thread#1"));
        assertEquals("GC", CpuShares.kind("G1 Conc#0"));
        assertEquals("other", CpuShares.kind("smallrye-kafka-"));
    }
}
