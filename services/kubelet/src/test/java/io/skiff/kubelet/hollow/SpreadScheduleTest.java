package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadScheduleTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void membersAreDueEvenlyOverTheInterval() {
        SpreadSchedule schedule = new SpreadSchedule(4, Duration.ofSeconds(8), 0);
        assertThat(List.of(schedule.dueNanos(0), schedule.dueNanos(1), schedule.dueNanos(3), schedule.dueNanos(4)))
                .containsExactly(0L, 2 * SECOND, 6 * SECOND, 8 * SECOND);
        assertThat(schedule.slotGap()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void eachCallHandsOutTheSlotsThatCameInOrder() {
        SpreadSchedule schedule = new SpreadSchedule(4, Duration.ofSeconds(8), 0);
        List<Integer> due = new ArrayList<>();
        schedule.takeDue(3 * SECOND, (member, at) -> due.add(member));
        assertThat(due).containsExactly(0, 1);
        schedule.takeDue(9 * SECOND, (member, at) -> due.add(member));
        assertThat(due).containsExactly(0, 1, 2, 3, 0);
    }

    @Test
    void aLoopBehindByRoundsHandsOutEachMemberOnceAndCatchesUp() {
        SpreadSchedule schedule = new SpreadSchedule(3, Duration.ofSeconds(3), 0);
        List<Integer> due = new ArrayList<>();
        schedule.takeDue(100 * SECOND, (member, at) -> due.add(member));
        assertThat(due).containsExactly(0, 1, 2);
        due.clear();
        schedule.takeDue(100 * SECOND, (member, at) -> due.add(member));
        assertThat(due).isEmpty();
        schedule.takeDue(103 * SECOND, (member, at) -> due.add(member));
        assertThat(due).isNotEmpty().doesNotHaveDuplicates();
    }
}
