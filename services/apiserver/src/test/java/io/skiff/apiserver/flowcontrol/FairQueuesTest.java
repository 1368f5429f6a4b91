package io.skiff.apiserver.flowcontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.flowcontrol.FairQueues.RejectedException;
import io.skiff.apiserver.flowcontrol.FairQueues.Rejection;
import io.skiff.apiserver.flowcontrol.FairQueues.Seat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class FairQueuesTest {

    private static final Duration LONG = Duration.ofMinutes(1);

    /** A request's fate: its seat once granted, or why it was rejected. */
    private record Outcome(AtomicReference<Seat> seat, AtomicReference<Rejection> rejection, Disposable subscription) {
        boolean seated() {
            return seat.get() != null;
        }
    }

    private static Outcome request(FairQueues level, String flow, Duration maxWait) {
        return request(level, flow, 1, maxWait);
    }

    private static Outcome request(FairQueues level, String flow, int width, Duration maxWait) {
        AtomicReference<Seat> seat = new AtomicReference<>();
        AtomicReference<Rejection> rejection = new AtomicReference<>();
        Disposable subscription = level.acquire(flow, width, maxWait)
                .subscribe(seat::set, error -> rejection.set(((RejectedException) error).rejection));
        return new Outcome(seat, rejection, subscription);
    }

    private static FairQueues level(int seats, int queues, int handSize, int queueLengthLimit) {
        // Granted waiters resume at once on the releasing thread here, so that each step can be checked.
        return new FairQueues(
                new PriorityLevel("test", 10, 0, queues, handSize, queueLengthLimit, false), seats, Runnable::run);
    }

    @Test
    void aWaiterGrantedASeatResumesThroughTheHandOffNotOnTheReleasingThread() {
        List<Runnable> handedOff = new ArrayList<>();
        FairQueues level = new FairQueues(new PriorityLevel("test", 10, 0, 8, 2, 10, false), 1, handedOff::add);
        Outcome first = request(level, "alice", LONG);
        Outcome second = request(level, "alice", LONG);

        first.seat().get().release();

        assertThat(level.executing()).as("the seat is the waiter's").isEqualTo(1);
        assertThat(second.seated()).as("not yet resumed").isFalse();
        assertThat(handedOff).hasSize(1);
        handedOff.get(0).run();
        assertThat(second.seated()).isTrue();
    }

    @Test
    void freeSeatsAreTakenAtOnceAndTheRestWait() {
        FairQueues level = level(2, 8, 2, 10);

        Outcome first = request(level, "alice", LONG);
        Outcome second = request(level, "alice", LONG);
        Outcome third = request(level, "alice", LONG);

        assertThat(first.seated()).isTrue();
        assertThat(second.seated()).isTrue();
        assertThat(third.seated()).isFalse();
        assertThat(level.executing()).isEqualTo(2);
        assertThat(level.waiting()).isEqualTo(1);

        first.seat().get().release();
        assertThat(third.seated()).as("a freed seat goes to the waiter").isTrue();
        assertThat(level.executing()).isEqualTo(2);
        assertThat(level.waiting()).isZero();

        second.seat().get().release();
        third.seat().get().release();
        third.seat().get().release(); // a second release of one seat changes nothing
        assertThat(level.executing()).isZero();
    }

    @Test
    void aQuietFlowIsServedBeforeANoisyFlowsBacklog() {
        FairQueues level = level(1, 64, 6, 50);
        Outcome running = request(level, "noisy", LONG);
        List<Outcome> noisy = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            noisy.add(request(level, "noisy", LONG));
        }
        Outcome quiet = request(level, "quiet", LONG);

        // Each freed seat goes to the next busy queue in turn: the quiet flow's queue comes up within
        // as many releases as there are busy queues (the noisy flow holds at most its hand of six).
        Set<Seat> released = new HashSet<>();
        Seat current = running.seat().get();
        int releases = 0;
        while (!quiet.seated()) {
            current.release();
            released.add(current);
            releases++;
            assertThat(releases).isLessThanOrEqualTo(7);
            current = noisy.stream()
                    .filter(Outcome::seated)
                    .map(outcome -> outcome.seat().get())
                    .filter(seat -> !released.contains(seat))
                    .findFirst()
                    .orElse(null);
        }
        assertThat(noisy.stream().filter(Outcome::seated).count()).isLessThan(7);
    }

    @Test
    void aWideRequestWaitsUntilItsSeatsAreFreeAndNarrowOnesDoNotStarveIt() {
        FairQueues level = level(2, 16, 1, 10);
        Outcome running = request(level, "first", LONG);
        Outcome wide = request(level, "wide", 2, LONG);
        List<Outcome> narrow = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            narrow.add(request(level, "narrow-" + i, LONG));
        }
        assertThat(wide.seated()).as("needs both seats").isFalse();

        // Once the turn comes to the wide request it keeps it: the narrow ones behind it wait
        // until its two seats are free, so it is seated after a few releases, not never.
        Set<Seat> released = new HashSet<>();
        Seat current = running.seat().get();
        int releases = 0;
        while (!wide.seated()) {
            current.release();
            released.add(current);
            releases++;
            assertThat(releases).isLessThanOrEqualTo(14);
            current = narrow.stream()
                    .filter(Outcome::seated)
                    .map(outcome -> outcome.seat().get())
                    .filter(seat -> !released.contains(seat))
                    .findFirst()
                    .orElse(null);
            if (current == null) {
                break;
            }
        }
        assertThat(wide.seated()).isTrue();
        assertThat(level.executing())
                .as("its two seats: nothing runs beside it")
                .isEqualTo(2);
    }

    @Test
    void aRequestWiderThanTheLevelTakesTheWholeLevel() {
        FairQueues level = level(2, 8, 2, 10);

        Outcome huge = request(level, "alice", 10, LONG);

        assertThat(huge.seated()).isTrue();
        assertThat(level.executing()).isEqualTo(2);
    }

    @Test
    void aFullQueueRejects() {
        FairQueues level = level(1, 1, 1, 2);
        request(level, "alice", LONG);
        request(level, "alice", LONG);
        request(level, "bob", LONG);

        Outcome rejected = request(level, "carol", LONG);

        assertThat(rejected.rejection().get()).isEqualTo(Rejection.QUEUE_FULL);
    }

    @Test
    void aLevelWithoutQueuesRejectsWhenItsSeatsAreTaken() {
        FairQueues level = level(1, 0, 0, 0);
        request(level, "alice", LONG);

        assertThat(request(level, "bob", LONG).rejection().get()).isEqualTo(Rejection.CONCURRENCY_LIMIT);
    }

    @Test
    void aWaiterThatWaitsTooLongIsRejectedAndLeavesItsQueue() {
        FairQueues level = level(1, 4, 2, 10);
        Outcome running = request(level, "alice", LONG);
        Outcome late = request(level, "bob", Duration.ofMillis(50));

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> late.rejection().get() != null);
        assertThat(late.rejection().get()).isEqualTo(Rejection.TIME_OUT);
        assertThat(level.waiting()).isZero();

        running.seat().get().release();
        assertThat(level.executing())
                .as("the seat is free, not given to the waiter that left")
                .isZero();
    }

    @Test
    void aWaiterWhoseClientLeftGivesNothingBack() {
        FairQueues level = level(1, 4, 2, 10);
        Outcome running = request(level, "alice", LONG);
        Outcome gone = request(level, "bob", LONG);

        gone.subscription().dispose();
        running.seat().get().release();

        assertThat(level.executing()).isZero();
        assertThat(level.waiting()).isZero();
    }

    @Test
    void aFlowIsAlwaysDealtTheSameHandOfDistinctQueues() {
        Set<String> hands = new HashSet<>();
        for (int flow = 0; flow < 200; flow++) {
            int[] hand = FairQueues.hand("flow-" + flow, 128, 6);
            assertThat(hand).hasSize(6).doesNotHaveDuplicates();
            assertThat(Arrays.stream(hand).allMatch(index -> index >= 0 && index < 128))
                    .as("every index a queue's")
                    .isTrue();
            assertThat(FairQueues.hand("flow-" + flow, 128, 6)).isEqualTo(hand);
            hands.add(Arrays.toString(Arrays.stream(hand).sorted().toArray()));
        }
        assertThat(hands).as("flows are spread over different hands").hasSizeGreaterThan(190);
    }
}
