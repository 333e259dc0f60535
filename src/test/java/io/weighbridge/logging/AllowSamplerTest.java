package io.weighbridge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AllowSamplerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void letsTheRateThroughEachSecondAndCountsTheRest() {
        AllowSampler sampler = new AllowSampler(3, now::get);

        assertEquals(3, admitted(sampler, 100));
        now.addAndGet(999_000_000L);
        assertEquals(0, admitted(sampler, 10), "still the same second");
        now.addAndGet(1_000_000L);
        assertEquals(3, admitted(sampler, 10), "a new second");
        assertEquals(97 + 10 + 7, sampler.drainSuppressed());
        assertEquals(0, sampler.drainSuppressed());
    }

    @Test
    void aNegativeRateLetsEverythingThrough() {
        AllowSampler sampler = new AllowSampler(-1, now::get);

        assertEquals(1_000, admitted(sampler, 1_000));
        assertEquals(0, sampler.drainSuppressed());
    }

    @Test
    void zeroLogsNoAllowAndCountsThemAll() {
        AllowSampler sampler = new AllowSampler(0, now::get);

        assertEquals(0, admitted(sampler, 50));
        assertEquals(50, sampler.drainSuppressed());
    }

    private static int admitted(AllowSampler sampler, int times) {
        int admitted = 0;
        for (int i = 0; i < times; i++) {
            admitted += sampler.admit() ? 1 : 0;
        }
        return admitted;
    }
}
