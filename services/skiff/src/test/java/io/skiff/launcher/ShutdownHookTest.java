package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownHookTest {

    @Test
    void defersTheCloseToExitWhileTheJvmRuns() {
        AtomicInteger closed = new AtomicInteger();
        Runnable close = closed::incrementAndGet;

        boolean ranNow = ShutdownHook.closeOnExit(close, "shutdown-hook-test");

        assertThat(ranNow).isFalse();
        assertThat(closed).hasValue(0);
    }
}
