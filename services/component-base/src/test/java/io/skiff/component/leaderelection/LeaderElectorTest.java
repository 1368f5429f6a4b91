package io.skiff.component.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Leader election against an in-memory API server, with short real-time lease timings. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaderElectorTest {

    private static final LeaseTimings FAST =
            new LeaseTimings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200));
    private static final String NAMESPACE = "kube-system";
    private static final String NAME = "kube-scheduler";

    private final InMemoryLeaseServer server = new InMemoryLeaseServer();
    /** What every candidate's callbacks and leader work did, in the order they did it. */
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());

    private final List<Candidate> candidates = new ArrayList<>();

    @AfterEach
    void stopAll() {
        candidates.forEach(candidate -> candidate.elector.stop());
    }

    @Test
    void aLoneCandidateCreatesTheLeaseAndKeepsRenewingIt() {
        Candidate a = candidate("a");
        a.elector.start();

        await().atMost(Duration.ofSeconds(3)).until(a.elector::isLeader);
        Lease acquired = server.peek(NAMESPACE, NAME);
        assertThat(acquired.getSpec().getHolderIdentity()).isEqualTo("a");
        assertThat(acquired.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
        assertThat(acquired.getSpec().getLeaseTransitions()).isZero();
        assertThat(acquired.getSpec().getAcquireTime()).isNotNull();
        assertThat(a.elector.getLeader()).contains("a");

        await().atMost(Duration.ofSeconds(3))
                .until(() -> server.peek(NAMESPACE, NAME)
                        .getSpec()
                        .getRenewTime()
                        .isAfter(acquired.getSpec().getRenewTime()));
        Lease renewed = server.peek(NAMESPACE, NAME);
        assertThat(renewed.getSpec().getAcquireTime())
                .isEqualTo(acquired.getSpec().getAcquireTime());
        assertThat(renewed.getSpec().getLeaseTransitions()).isZero();
        assertThat(timeline).containsExactly("a work started", "a started leading", "a new leader a");
    }

    @Test
    void twoCandidatesOnOneLockNeverLeadAtTheSameTime() throws InterruptedException {
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        a.elector.start();
        b.elector.start();

        await().atMost(Duration.ofSeconds(3)).until(() -> a.elector.isLeader() || b.elector.isLeader());
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int samples = 0;
        while (System.nanoTime() < end) {
            boolean aLeads = a.elector.isLeader();
            boolean bLeads = b.elector.isLeader();
            assertThat(aLeads ^ bLeads)
                    .as("exactly one leader at sample %d", samples)
                    .isTrue();
            samples++;
            Thread.sleep(5);
        }
        assertThat(timeline.stream().filter(line -> line.endsWith("started leading")))
                .hasSize(1);
        assertThat(timeline.stream().filter(line -> line.endsWith("work started")))
                .hasSize(1);
        String leader = a.elector.isLeader() ? "a" : "b";
        assertThat(a.elector.getLeader()).contains(leader);
        assertThat(b.elector.getLeader()).contains(leader);
    }

    @Test
    void aLeaderCutOffFromTheServerStopsLeadingBeforeTheStandbyTakesOverAfterExpiry() throws InterruptedException {
        Candidate a = candidate("a");
        a.elector.start();
        await().atMost(Duration.ofSeconds(3)).until(a.elector::isLeader);
        Candidate b = candidate("b");
        b.elector.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> b.elector.getLeader().isPresent());
        OverlapWatch overlap = OverlapWatch.start(a.elector, b.elector);

        a.lock.setUnreachable(true);

        await().atMost(Duration.ofMillis(1500)).until(() -> !a.elector.isLeader());
        await().atMost(Duration.ofSeconds(5)).until(b.elector::isLeader);
        overlap.stop();

        assertThat(overlap.bothLeading()).as("moments when both led").isZero();
        // b saw a's last renewal after a wrote it, and waited a full lease duration from then.
        List<InMemoryLeaseServer.Write> writes = server.writes();
        long lastByA = writes.stream()
                .filter(write -> write.holder().equals("a"))
                .mapToLong(InMemoryLeaseServer.Write::nanos)
                .max()
                .orElseThrow();
        long firstByB = writes.stream()
                .filter(write -> write.holder().equals("b"))
                .mapToLong(InMemoryLeaseServer.Write::nanos)
                .min()
                .orElseThrow();
        assertThat(Duration.ofNanos(firstByB - lastByA)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(timeline).containsSubsequence("a work stopped", "a stopped leading", "b started leading");
        assertThat(timeline).containsSubsequence("a work stopped", "b work started");
        Lease lease = server.peek(NAMESPACE, NAME);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);

        // Back online, the old leader finds the lease changed (its writes conflict) and stays standby.
        a.lock.setUnreachable(false);
        await().atMost(Duration.ofSeconds(2)).until(() -> a.elector.getLeader().equals(Optional.of("b")));
        assertThat(a.elector.isLeader()).isFalse();
        assertThat(b.elector.isLeader()).isTrue();
    }

    @Test
    void aStoppingLeaderStopsItsWorkThenReleasesTheLeaseSoTheStandbyTakesOverAtOnce() {
        Candidate a = candidate("a");
        a.elector.start();
        await().atMost(Duration.ofSeconds(3)).until(a.elector::isLeader);
        Candidate b = candidate("b");
        b.elector.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> b.elector.getLeader().isPresent());

        a.elector.stop();
        long stopped = System.nanoTime();
        assertThat(timeline).containsSubsequence("a work stopped", "a stopped leading");
        await().atMost(Duration.ofSeconds(3)).until(b.elector::isLeader);

        // Without the release b would wait out the 2 s lease; with it, one retry period or so.
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofMillis(1500));
        Lease lease = server.peek(NAMESPACE, NAME);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThat(timeline).containsSubsequence("a work stopped", "b work started");
    }

    @Test
    void releasingClearsTheHolderAndShortensTheLeaseToOneSecond() {
        Candidate a = candidate("a");
        a.elector.start();
        await().atMost(Duration.ofSeconds(3)).until(a.elector::isLeader);

        a.elector.stop();

        Lease released = server.peek(NAMESPACE, NAME);
        assertThat(released.getSpec().getHolderIdentity()).isEmpty();
        assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        assertThat(released.getSpec().getLeaseTransitions()).isZero();
        assertThat(a.elector.isLeader()).isFalse();
    }

    @Test
    void withoutReleaseOnCancelTheLeaseIsLeftToExpire() {
        Candidate a = new Candidate("a", false);
        a.elector.start();
        await().atMost(Duration.ofSeconds(3)).until(a.elector::isLeader);

        a.elector.stop();

        Lease lease = server.peek(NAMESPACE, NAME);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(2);
        assertThat(timeline).contains("a work stopped");
    }

    static Stream<Arguments> skewedRenewTimes() {
        return Stream.of(
                Arguments.of("holder's clock an hour behind ours", Duration.ofHours(-1)),
                Arguments.of("holder's clock an hour ahead of ours", Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skewedRenewTimes")
    void expiryIsJudgedFromWhenTheCandidateObservedTheRecordNotFromItsRenewTime(String name, Duration skew) {
        Instant holderClock = Instant.now().plus(skew);
        server.create(new LeaderElectionRecord("ghost", 2, holderClock, holderClock, 4).toNewLease(NAMESPACE, NAME));
        Candidate a = candidate("a");
        long started = System.nanoTime();
        a.elector.start();

        await().atMost(Duration.ofSeconds(5)).until(a.elector::isLeader);

        // The first observation starts the lease's 2 s, however old or new its renewTime reads.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(timeline).containsSubsequence("a new leader ghost", "a started leading", "a new leader a");
        Lease lease = server.peek(NAMESPACE, NAME);
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
        assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(5);
    }

    @Test
    void aRecordThatKeepsChangingIsNeverTakenOver() throws InterruptedException {
        Instant now = Instant.now();
        server.create(new LeaderElectionRecord("ghost", 2, now, now, 0).toNewLease(NAMESPACE, NAME));
        AtomicBoolean renewing = new AtomicBoolean(true);
        Thread ghost = new Thread(() -> {
            while (renewing.get()) {
                Lease current = server.peek(NAMESPACE, NAME);
                LeaderElectionRecord record = LeaderElectionRecord.of(current);
                server.update(
                        new LeaderElectionRecord("ghost", 2, record.acquireTime(), Instant.now(), 0).applyTo(current));
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ghost.start();
        try {
            Candidate a = candidate("a");
            a.elector.start();
            Thread.sleep(3000);
            assertThat(a.elector.isLeader()).isFalse();
            assertThat(a.elector.getLeader()).contains("ghost");
            assertThat(timeline).doesNotContain("a started leading");
        } finally {
            renewing.set(false);
            ghost.interrupt();
            ghost.join(1000);
        }
    }

    private Candidate candidate(String identity) {
        return new Candidate(identity, true);
    }

    /** One competing instance: its lock, its elector, and leader work that logs to the timeline. */
    private final class Candidate {
        final InMemoryLeaseLock lock;
        final LeaderElector elector;

        Candidate(String identity, boolean releaseOnCancel) {
            lock = new InMemoryLeaseLock(server, NAMESPACE, NAME, identity);
            LeaderWork work = new LeaderWork() {
                @Override
                public void start() {
                    timeline.add(identity + " work started");
                }

                @Override
                public void stop() {
                    timeline.add(identity + " work stopped");
                }
            };
            LeaderCallbacks log = new LeaderCallbacks() {
                @Override
                public void onStartedLeading() {
                    timeline.add(identity + " started leading");
                }

                @Override
                public void onStoppedLeading() {
                    timeline.add(identity + " stopped leading");
                }

                @Override
                public void onNewLeader(String leader) {
                    timeline.add(identity + " new leader " + leader);
                }
            };
            elector = new LeaderElector(lock, FAST, releaseOnCancel, List.of(new LeadershipGate(List.of(work)), log));
            candidates.add(this);
        }
    }

    /** Samples two electors every millisecond and counts the moments at which both claimed to lead. */
    private static final class OverlapWatch {
        private final AtomicInteger bothLeading = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread sampler;

        private OverlapWatch(LeaderElector first, LeaderElector second) {
            sampler = new Thread(() -> {
                while (running.get()) {
                    if (first.isLeader() && second.isLeader()) {
                        bothLeading.incrementAndGet();
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
        }

        static OverlapWatch start(LeaderElector first, LeaderElector second) {
            OverlapWatch watch = new OverlapWatch(first, second);
            watch.sampler.start();
            return watch;
        }

        void stop() throws InterruptedException {
            running.set(false);
            sampler.join(1000);
        }

        int bothLeading() {
            return bothLeading.get();
        }
    }
}
