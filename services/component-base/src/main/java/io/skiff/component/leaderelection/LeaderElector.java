package io.skiff.component.leaderelection;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.skiff.model.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Leader election over a Lease, with client-go's semantics (tools/leaderelection):
 *
 * <ul>
 *   <li>every retryPeriod a candidate tries to acquire or renew the lease; standbys add jitter;
 *   <li>a lease held by someone else is valid until leaseDuration after this candidate last
 *       <em>observed it change</em>, by this candidate's own monotonic clock — the holder's
 *       renewTime is never compared with the local clock, so clock skew between machines does not
 *       matter;
 *   <li>every write is a Lease update with the resourceVersion precondition: a 409 means another
 *       candidate won the race;
 *   <li>leaseTransitions grows by one whenever a different candidate takes the lease;
 *   <li>a leader that cannot renew within renewDeadline of its last successful renewal stops
 *       leading; it goes back to being a standby, and may lead again later;
 *   <li>on {@link #stop()} a leader first stops its work, then (with releaseOnCancel) releases
 *       the lease (no holder, leaseDurationSeconds 1) so that a standby takes over at once.
 * </ul>
 *
 * Unlike client-go, the renew deadline is measured from the last successful renewal rather than
 * from the start of each renewal round, and {@link #isLeader()} turns false the moment it passes:
 * a stuck election thread can never leave a leader acting on an expired lease.
 */
public final class LeaderElector {

    private static final Logger log = LoggerFactory.getLogger(LeaderElector.class);

    private enum State {
        NEW,
        RUNNING,
        STOPPED
    }

    /** A record as last seen, with the Lease it came in (for its resourceVersion) and when. */
    private record Observation(Lease lease, LeaderElectionRecord record, long observedNanos) {}

    private final LeaseLock lock;
    private final LeaseTimings timings;
    private final boolean releaseOnCancel;
    private final List<LeaderCallbacks> callbacks;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService electionThread;
    private final ExecutorService callbackThread;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    private volatile Observation observed;
    private volatile long lastRenewNanos;
    private volatile boolean leading;
    /** Confined to the election thread. */
    private String reportedLeader = "";

    public LeaderElector(
            LeaseLock lock, LeaseTimings timings, boolean releaseOnCancel, List<LeaderCallbacks> callbacks) {
        this(lock, timings, releaseOnCancel, callbacks, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * @param clock the wall clock for the acquireTime and renewTime written to the Lease
     * @param nanoTime the monotonic clock all expiry judgements use
     */
    public LeaderElector(
            LeaseLock lock,
            LeaseTimings timings,
            boolean releaseOnCancel,
            List<LeaderCallbacks> callbacks,
            Clock clock,
            LongSupplier nanoTime) {
        this.lock = lock;
        this.timings = timings;
        this.releaseOnCancel = releaseOnCancel;
        this.callbacks = List.copyOf(callbacks);
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.electionThread = Executors.newSingleThreadScheduledExecutor(daemon("leader-election-" + lock.name()));
        this.callbackThread = Executors.newSingleThreadExecutor(daemon("leader-election-callbacks-" + lock.name()));
    }

    /** Starts competing for the lease; returns at once. An elector runs at most once. */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("leader elector for " + lock.describe() + " was already started");
        }
        log.info("{} attempting to acquire leader lease {}", lock.identity(), lock.describe());
        electionThread.execute(this::tick);
    }

    /**
     * Stops competing. A leader stops leading first: it waits (up to renewDeadline) for the
     * onStoppedLeading callbacks to finish, and only then, with releaseOnCancel, releases the lease,
     * so that no two candidates ever run leader work at once. Blocks until done.
     */
    public void stop() {
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            shutdownThreads();
            return;
        }
        if (!state.compareAndSet(State.RUNNING, State.STOPPED)) {
            return;
        }
        Future<?> stepDown = electionThread.submit(this::stepDown);
        try {
            stepDown.get(timings.renewDeadline().toNanos() * 3, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("leader elector for {} did not step down cleanly", lock.describe(), e);
        }
        shutdownThreads();
    }

    /**
     * Whether this candidate leads now: it acquired the lease and renewed it less than
     * renewDeadline ago. Leader work should check this before acting on anything irreversible.
     */
    public boolean isLeader() {
        return leading
                && nanoTime.getAsLong() - lastRenewNanos
                        < timings.renewDeadline().toNanos();
    }

    /** The holder of the lease as last observed, if it is held. */
    public Optional<String> getLeader() {
        Observation last = observed;
        return last == null || !last.record().isHeld()
                ? Optional.empty()
                : Optional.of(last.record().holderIdentity());
    }

    /** The lease's record as last observed (read or written) by this candidate. */
    public Optional<LeaderElectionRecord> observedRecord() {
        Observation last = observed;
        return last == null ? Optional.empty() : Optional.of(last.record());
    }

    public String identity() {
        return lock.identity();
    }

    /** "namespace/name" of the lease. */
    public String lockDescription() {
        return lock.describe();
    }

    public String leaseName() {
        return lock.name();
    }

    private void tick() {
        if (state.get() != State.RUNNING) {
            return;
        }
        long start = nanoTime.getAsLong();
        boolean wasLeading = leading;
        long deadline = wasLeading ? lastRenewNanos + renewDeadlineNanos() : start + renewDeadlineNanos();
        boolean succeeded = false;
        try {
            succeeded = tryAcquireOrRenew(start, deadline);
        } catch (RuntimeException e) {
            log.warn("leader election attempt on {} failed: {}", lock.describe(), e.toString());
        }
        if (succeeded) {
            // From the attempt's start, the earliest the server can have taken the write: the
            // deadline then never outlasts the lease others grant from when they saw it.
            lastRenewNanos = start;
            if (!wasLeading) {
                leading = true;
                log.info("{} successfully acquired lease {}", lock.identity(), lock.describe());
                dispatch(LeaderCallbacks::onStartedLeading);
            }
        } else if (wasLeading && nanoTime.getAsLong() - lastRenewNanos >= renewDeadlineNanos()) {
            leading = false;
            log.warn(
                    "{} failed to renew lease {} within {}: stopped leading",
                    lock.identity(),
                    lock.describe(),
                    timings.renewDeadline());
            dispatch(LeaderCallbacks::onStoppedLeading);
        }
        reportNewLeader();
        scheduleNextTick();
    }

    /**
     * One round of client-go's tryAcquireOrRenew: renew optimistically from the last observation;
     * otherwise read the lease (creating it if missing), give up if another holder's lease is still
     * valid, and else take it over with a conditional update.
     */
    private boolean tryAcquireOrRenew(long startNanos, long deadlineNanos) {
        Instant now = clock.instant();
        int duration = timings.leaseDurationSeconds();
        Observation last = observed;

        if (last != null && heldByMe(last.record()) && isLeaseValid(last, startNanos)) {
            LeaderElectionRecord renewed = new LeaderElectionRecord(
                    lock.identity(),
                    duration,
                    last.record().acquireTime(),
                    now,
                    last.record().leaseTransitions());
            try {
                observe(call(lock.update(renewed.applyTo(last.lease())), deadlineNanos));
                return true;
            } catch (RuntimeException e) {
                log.debug("optimistic renewal of {} failed, reading the lease: {}", lock.describe(), e.toString());
            }
        }

        Lease current;
        try {
            current = call(lock.get(), deadlineNanos);
        } catch (ApiException e) {
            if (e.code() != 404) {
                log.warn("error retrieving lease {}: {}", lock.describe(), e.getMessage());
                return false;
            }
            LeaderElectionRecord first = new LeaderElectionRecord(lock.identity(), duration, now, now, 0);
            try {
                observe(call(lock.create(first.toNewLease(lock.namespace(), lock.name())), deadlineNanos));
                return true;
            } catch (RuntimeException createFailed) {
                log.info("could not create lease {}: {}", lock.describe(), createFailed.getMessage());
                return false;
            }
        }

        LeaderElectionRecord record = LeaderElectionRecord.of(current);
        if (last == null || !record.equals(last.record())) {
            observed = new Observation(current, record, nanoTime.getAsLong());
        } else {
            // Same record, maybe a newer resourceVersion: keep when it was first seen.
            observed = new Observation(current, record, last.observedNanos());
        }
        if (record.isHeld() && !heldByMe(record) && isLeaseValid(observed, startNanos)) {
            log.debug("lease {} is held by {} and has not yet expired", lock.describe(), record.holderIdentity());
            return false;
        }

        LeaderElectionRecord desired = heldByMe(record)
                ? new LeaderElectionRecord(
                        lock.identity(), duration, record.acquireTime(), now, record.leaseTransitions())
                : new LeaderElectionRecord(lock.identity(), duration, now, now, record.leaseTransitions() + 1);
        try {
            observe(call(lock.update(desired.applyTo(current)), deadlineNanos));
            return true;
        } catch (ApiException e) {
            if (e.code() == 409) {
                log.debug("lost the race for lease {}: {}", lock.describe(), e.getMessage());
            } else {
                log.warn("failed to update lease {}: {}", lock.describe(), e.getMessage());
            }
            return false;
        }
    }

    /** client-go's release: no holder, leaseDurationSeconds 1, so standbys need not wait. */
    private void release() {
        Observation last = observed;
        if (last == null || !heldByMe(last.record())) {
            return;
        }
        Instant now = clock.instant();
        LeaderElectionRecord released =
                new LeaderElectionRecord("", 1, now, now, last.record().leaseTransitions());
        try {
            observe(call(lock.update(released.applyTo(last.lease())), nanoTime.getAsLong() + renewDeadlineNanos()));
            log.info("{} released lease {}", lock.identity(), lock.describe());
        } catch (RuntimeException e) {
            log.warn("failed to release lease {}; it will expire instead: {}", lock.describe(), e.getMessage());
        }
    }

    private void stepDown() {
        boolean wasLeading = leading;
        leading = false;
        boolean workStopped = true;
        if (wasLeading) {
            log.info("{} stopping: stopped leading {}", lock.identity(), lock.describe());
            dispatch(LeaderCallbacks::onStoppedLeading);
            workStopped = awaitCallbacks(timings.renewDeadline());
        }
        if (!releaseOnCancel) {
            return;
        }
        if (workStopped) {
            release();
        } else {
            log.warn(
                    "leader work did not stop within {}; lease {} is not released, it will expire",
                    timings.renewDeadline(),
                    lock.describe());
        }
    }

    private void observe(Lease written) {
        observed = new Observation(written, LeaderElectionRecord.of(written), nanoTime.getAsLong());
    }

    private boolean isLeaseValid(Observation observation, long nowNanos) {
        long validNanos = TimeUnit.SECONDS.toNanos(observation.record().leaseDurationSeconds());
        return nowNanos - observation.observedNanos() < validNanos;
    }

    private boolean heldByMe(LeaderElectionRecord record) {
        return lock.identity().equals(record.holderIdentity());
    }

    private void reportNewLeader() {
        Observation last = observed;
        if (last == null || !last.record().isHeld()) {
            return;
        }
        String holder = last.record().holderIdentity();
        if (!holder.equals(reportedLeader)) {
            reportedLeader = holder;
            log.info("new leader of {}: {}", lock.describe(), holder);
            dispatch(callback -> callback.onNewLeader(holder));
        }
    }

    private void scheduleNextTick() {
        if (state.get() != State.RUNNING) {
            return;
        }
        long retry = timings.retryPeriod().toNanos();
        long delay;
        if (leading) {
            // Wake at the deadline at the latest, so a failing leader steps down on time.
            long untilDeadline = lastRenewNanos + renewDeadlineNanos() - nanoTime.getAsLong();
            delay = Math.max(0, Math.min(retry, untilDeadline));
        } else {
            delay = retry
                    + (long) (retry
                            * LeaseTimings.JITTER_FACTOR
                            * ThreadLocalRandom.current().nextDouble());
        }
        try {
            electionThread.schedule(this::tick, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stop() raced with this tick; nothing more to do.
        }
    }

    /** Blocks for a port call, never past the attempt's deadline. */
    private <T> T call(Mono<T> call, long deadlineNanos) {
        long remaining = deadlineNanos - nanoTime.getAsLong();
        if (remaining <= 0) {
            throw new IllegalStateException("no time left before the renew deadline");
        }
        T result = call.timeout(Duration.ofNanos(remaining)).block();
        if (result == null) {
            throw new IllegalStateException("the lease lock answered nothing");
        }
        return result;
    }

    private void dispatch(Consumer<LeaderCallbacks> event) {
        callbackThread.execute(() -> {
            for (LeaderCallbacks callback : callbacks) {
                try {
                    event.accept(callback);
                } catch (RuntimeException e) {
                    log.error("leader election callback {} failed", callback, e);
                }
            }
        });
    }

    private boolean awaitCallbacks(Duration timeout) {
        try {
            callbackThread.submit(() -> {}).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private void shutdownThreads() {
        electionThread.shutdownNow();
        callbackThread.shutdown();
        try {
            if (!callbackThread.awaitTermination(timings.renewDeadline().toNanos(), TimeUnit.NANOSECONDS)) {
                callbackThread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long renewDeadlineNanos() {
        return timings.renewDeadline().toNanos();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
