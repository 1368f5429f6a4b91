package io.skiff.component.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadershipGateTest {

    private final List<String> log = new ArrayList<>();

    @Test
    void standbyRunsNoWork() {
        new LeadershipGate(List.of(work("scheduler"), work("binder")));

        assertThat(log).isEmpty();
    }

    @Test
    void leadingStartsWorkInOrderAndLosingLeadershipStopsItInReverse() {
        LeadershipGate gate = new LeadershipGate(List.of(work("informers"), work("workers")));

        gate.onStartedLeading();
        assertThat(gate.isOpen()).isTrue();
        gate.onStoppedLeading();

        assertThat(gate.isOpen()).isFalse();
        assertThat(log).containsExactly("informers start", "workers start", "workers stop", "informers stop");
    }

    @Test
    void workRegisteredWhileLeadingStartsAtOnceAndWorkRegisteredOnStandbyWaits() {
        LeadershipGate gate = new LeadershipGate(List.of());
        gate.register(work("early"));
        assertThat(log).isEmpty();

        gate.onStartedLeading();
        gate.register(work("late"));

        assertThat(log).containsExactly("early start", "late start");
    }

    @Test
    void repeatedCallbacksDoNotStartOrStopTwice() {
        LeadershipGate gate = new LeadershipGate(List.of(work("loop")));

        gate.onStoppedLeading();
        gate.onStartedLeading();
        gate.onStartedLeading();
        gate.onStoppedLeading();
        gate.onStoppedLeading();

        assertThat(log).containsExactly("loop start", "loop stop");
    }

    @Test
    void aFailingWorkDoesNotKeepTheOthersFromStartingOrStopping() {
        LeaderWork broken = new LeaderWork() {
            @Override
            public void start() {
                throw new IllegalStateException("cannot start");
            }

            @Override
            public void stop() {
                throw new IllegalStateException("cannot stop");
            }
        };
        LeadershipGate gate = new LeadershipGate(List.of(work("first"), broken, work("last")));

        gate.onStartedLeading();
        gate.onStoppedLeading();

        assertThat(log).containsExactly("first start", "last start", "last stop", "first stop");
    }

    private LeaderWork work(String name) {
        return new LeaderWork() {
            @Override
            public void start() {
                log.add(name + " start");
            }

            @Override
            public void stop() {
                log.add(name + " stop");
            }
        };
    }
}
