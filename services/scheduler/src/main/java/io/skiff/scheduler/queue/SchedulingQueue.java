package io.skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Framework;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.runtime.PodNominations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kubernetes' scheduling queue. New pods pass the PreEnqueue plugins of their profile into the
 * active queue (highest priority first, then oldest); a pod that fails waits in the backoff queue
 * (1 s doubling per attempt up to 10 s) if something that could help happened while it was being
 * scheduled, otherwise among the unschedulable pods until a cluster event that one of the plugins
 * that rejected it registered (and whose hint agrees) moves it back, or until it has waited 5
 * minutes. Events that arrive while pods are being scheduled are remembered for them.
 */
public final class SchedulingQueue implements AutoCloseable {

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MAX_IN_UNSCHEDULABLE = Duration.ofMinutes(5);

    /** How often pods whose backoff ended move to the active queue. */
    static final Duration BACKOFF_FLUSH_PERIOD = Duration.ofSeconds(1);

    /** How often long-unschedulable pods are looked for. */
    static final Duration UNSCHEDULABLE_FLUSH_PERIOD = Duration.ofSeconds(30);

    private static final String ACTIVE = "active";
    private static final String BACKOFF = "backoff";
    private static final String UNSCHEDULABLE = "unschedulable";

    /** Where a requeued pod should go. */
    private enum Strategy {
        SKIP,
        AFTER_BACKOFF
    }

    /** An event observed while pods were being scheduled. */
    private record RecordedEvent(long sequence, ClusterEvent event, Object oldObject, Object newObject) {}

    private final Map<String, Map<String, List<ClusterEventWithHint>>> eventsByProfile = new HashMap<>();
    private final Map<String, Framework> profiles;
    private final PodNominations nominations;
    private final Clock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxInUnschedulable;
    private final QueueMetrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPodInfo> activeQ;
    private final Map<String, QueuedPodInfo> active = new HashMap<>();
    private final PriorityQueue<QueuedPodInfo> backoffQ;
    private final Map<String, QueuedPodInfo> backoff = new HashMap<>();
    private final Map<String, QueuedPodInfo> unschedulable = new HashMap<>();
    private final Map<String, Long> inFlight = new HashMap<>();
    private final ArrayDeque<RecordedEvent> inFlightEvents = new ArrayDeque<>();
    private long eventSequence;
    private long schedulingCycle;
    private boolean closed;
    private ScheduledExecutorService flusher;

    private SchedulingQueue(Builder builder) {
        this.profiles = Map.copyOf(builder.profiles);
        this.nominations = builder.nominations;
        this.clock = builder.clock;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.maxInUnschedulable = builder.maxInUnschedulable;
        this.metrics = builder.metrics;
        profiles.forEach((name, framework) -> eventsByProfile.put(name, framework.eventsToRegister()));
        this.activeQ = new PriorityQueue<>(
                Comparator.comparingInt(QueuedPodInfo::priority).reversed().thenComparing(QueuedPodInfo::timestamp));
        this.backoffQ = new PriorityQueue<>(Comparator.comparing(this::backoffTime));
    }

    /**
     * A queue for pods of the given profiles (by scheduler name), sharing {@code nominations} with
     * their frameworks.
     */
    public static Builder builder(Map<String, ? extends Framework> profiles, PodNominations nominations) {
        return new Builder(profiles, nominations);
    }

    /** Starts the periodic flushes of the backoff queue (every second) and of long-unschedulable pods. */
    public void start() {
        lock.lock();
        try {
            if (flusher != null || closed) {
                return;
            }
            flusher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "scheduling-queue-flush");
                thread.setDaemon(true);
                return thread;
            });
        } finally {
            lock.unlock();
        }
        flusher.scheduleAtFixedRate(
                this::flushBackoffCompleted,
                BACKOFF_FLUSH_PERIOD.toMillis(),
                BACKOFF_FLUSH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        flusher.scheduleAtFixedRate(
                this::flushUnschedulableLeftover,
                UNSCHEDULABLE_FLUSH_PERIOD.toMillis(),
                UNSCHEDULABLE_FLUSH_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Stops the flushes and wakes every {@link #pop} caller, which then gets nothing. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
        if (flusher != null) {
            flusher.shutdownNow();
        }
    }

    /** A new pending pod of one of the queue's profiles. */
    public void add(Pod pod) {
        lock.lock();
        try {
            QueuedPodInfo info = new QueuedPodInfo(PodInfo.of(pod), clock.instant());
            if (moveToActive(info, "PodAdd")) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next pod to schedule, waiting up to {@code timeout} for one; empty on timeout or once the
     * queue is closed. The caller must hand the pod back through {@link #addUnschedulableIfNotPresent}
     * or report it {@link #done}.
     */
    public Optional<QueuedPodInfo> pop(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (activeQ.isEmpty() && !closed) {
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = notEmpty.awaitNanos(remaining);
            }
            if (closed) {
                return Optional.empty();
            }
            QueuedPodInfo info = activeQ.poll();
            active.remove(info.uid());
            info.markAttempt();
            schedulingCycle++;
            inFlight.put(info.uid(), eventSequence);
            return Optional.of(info);
        } finally {
            lock.unlock();
        }
    }

    /** The number of pods popped so far. */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** The pod's scheduling attempt is over (bound, or handed back): stop remembering events for it. */
    public void done(String uid) {
        lock.lock();
        try {
            doneUnlocked(uid);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands back a pod whose attempt failed, with its rejecting plugins recorded in {@link
     * QueuedPodInfo#setUnschedulablePlugins}. It goes to the backoff queue if an event during its
     * attempt may have helped it (or it failed with an error), otherwise among the unschedulable
     * pods.
     *
     * @throws IllegalStateException when the pod is already queued
     */
    public void addUnschedulableIfNotPresent(QueuedPodInfo info) {
        lock.lock();
        try {
            String uid = info.uid();
            if (unschedulable.containsKey(uid) || active.containsKey(uid) || backoff.containsKey(uid)) {
                throw new IllegalStateException("Pod " + describe(info.pod()) + " is already present in the queue");
            }
            info.setTimestamp(clock.instant());
            if (requeue(info, inFlightStrategy(info), "ScheduleAttemptFailure").equals(ACTIVE)) {
                notEmpty.signalAll();
            }
            nominations.addNominatedPod(info.podInfo(), NominatingInfo.noop());
        } finally {
            doneUnlocked(info.uid());
            lock.unlock();
        }
    }

    /** A pending pod changed: updated where it waits; an update may also make an unschedulable pod schedulable. */
    public void update(Pod oldPod, Pod newPod) {
        lock.lock();
        try {
            String uid = newPod.getMetadata().getUid();
            QueuedPodInfo info = active.get(uid);
            if (info != null) {
                activeQ.remove(info);
                info.update(newPod);
                activeQ.add(info);
                nominations.updateNominatedPod(oldPod, info.podInfo());
                return;
            }
            info = backoff.get(uid);
            if (info != null) {
                backoffQ.remove(info);
                info.update(newPod);
                backoffQ.add(info);
                nominations.updateNominatedPod(oldPod, info.podInfo());
                return;
            }
            ClusterEvent event =
                    ClusterEvent.of(EventResource.UNSCHEDULED_POD, ClusterEvents.podUpdateActions(oldPod, newPod));
            info = unschedulable.get(uid);
            if (info != null) {
                info.update(newPod);
                nominations.updateNominatedPod(oldPod, info.podInfo());
                Strategy strategy = worthRequeuing(info, event, oldPod, newPod);
                if (strategy != Strategy.SKIP) {
                    unschedulable.remove(uid);
                    if (requeue(info, strategy, event.label()).equals(ACTIVE)) {
                        notEmpty.signalAll();
                    }
                }
                return;
            }
            if (inFlight.containsKey(uid)) {
                // the scheduler requeues it with its latest version; remember the change for then
                record(event, oldPod, newPod);
                return;
            }
            if (moveToActive(new QueuedPodInfo(PodInfo.of(newPod), clock.instant()), event.label())) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A pending pod was deleted (or got bound by someone else). */
    public void delete(Pod pod) {
        lock.lock();
        try {
            nominations.deleteNominatedPodIfExists(pod);
            String uid = pod.getMetadata().getUid();
            QueuedPodInfo info = active.remove(uid);
            if (info != null) {
                activeQ.remove(info);
            }
            info = backoff.remove(uid);
            if (info != null) {
                backoffQ.remove(info);
            }
            unschedulable.remove(uid);
        } finally {
            lock.unlock();
        }
    }

    public void assignedPodAdded(Pod pod) {
        moveAllToActiveOrBackoffQueue(ClusterEvent.of(EventResource.ASSIGNED_POD, ActionType.ADD), null, pod);
    }

    public void assignedPodUpdated(Pod oldPod, Pod newPod) {
        moveAllToActiveOrBackoffQueue(
                ClusterEvent.of(EventResource.ASSIGNED_POD, ClusterEvents.podUpdateActions(oldPod, newPod)),
                oldPod,
                newPod);
    }

    public void assignedPodDeleted(Pod pod) {
        moveAllToActiveOrBackoffQueue(ClusterEvent.of(EventResource.ASSIGNED_POD, ActionType.DELETE), pod, null);
    }

    public void nodeAdded(Node node) {
        moveAllToActiveOrBackoffQueue(ClusterEvent.of(EventResource.NODE, ActionType.ADD), null, node);
    }

    /** A node changed; changes the scheduler does not look at (heartbeats) move nothing. */
    public void nodeUpdated(Node oldNode, Node newNode) {
        Set<ActionType> actions = ClusterEvents.nodeUpdateActions(oldNode, newNode);
        if (!actions.isEmpty()) {
            moveAllToActiveOrBackoffQueue(ClusterEvent.of(EventResource.NODE, actions), oldNode, newNode);
        }
    }

    /**
     * A cluster event: every unschedulable pod one of whose rejecting plugins registered a matching
     * event (and whose hint agrees) moves to the backoff queue, or the active queue if its backoff is
     * over.
     */
    public void moveAllToActiveOrBackoffQueue(ClusterEvent event, Object oldObject, Object newObject) {
        lock.lock();
        try {
            movePods(new ArrayList<>(unschedulable.values()), event, oldObject, newObject);
        } finally {
            lock.unlock();
        }
    }

    /** Moves pods whose backoff is over to the active queue; the queue calls it every second once started. */
    public void flushBackoffCompleted() {
        lock.lock();
        try {
            Instant now = clock.instant();
            boolean activated = false;
            while (!backoffQ.isEmpty() && !backoffTime(backoffQ.peek()).isAfter(now)) {
                QueuedPodInfo info = backoffQ.poll();
                backoff.remove(info.uid());
                activated |= moveToActive(info, "BackoffComplete");
            }
            if (activated) {
                notEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Retries pods unschedulable for longer than the maximum (5 minutes by default), whatever rejected them. */
    public void flushUnschedulableLeftover() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<QueuedPodInfo> stale = new ArrayList<>();
            for (QueuedPodInfo info : unschedulable.values()) {
                if (Duration.between(info.timestamp(), now).compareTo(maxInUnschedulable) > 0) {
                    stale.add(info);
                }
            }
            if (!stale.isEmpty()) {
                movePods(stale, ClusterEvent.UNSCHEDULABLE_TIMEOUT, null, null);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How long a pod waits after its n-th failed attempt: 1 s, 2 s, 4 s, 8 s, then 10 s. */
    public Duration backoffDuration(int attempts) {
        if (attempts == 0) {
            return Duration.ZERO;
        }
        Duration duration = initialBackoff;
        for (int i = 1; i < attempts; i++) {
            if (duration.compareTo(maxBackoff.minus(duration)) > 0) {
                return maxBackoff;
            }
            duration = duration.plus(duration);
        }
        return duration;
    }

    public QueueSizes sizes() {
        lock.lock();
        try {
            int gated = 0;
            for (QueuedPodInfo info : unschedulable.values()) {
                if (info.gated()) {
                    gated++;
                }
            }
            return new QueueSizes(active.size(), backoff.size(), unschedulable.size() - gated, gated);
        } finally {
            lock.unlock();
        }
    }

    /** Every pod waiting in the queue, in no particular order. */
    public List<Pod> pendingPods() {
        lock.lock();
        try {
            List<Pod> pods = new ArrayList<>();
            active.values().forEach(info -> pods.add(info.pod()));
            backoff.values().forEach(info -> pods.add(info.pod()));
            unschedulable.values().forEach(info -> pods.add(info.pod()));
            return pods;
        } finally {
            lock.unlock();
        }
    }

    /** The nominated pods, shared with the frameworks. */
    public PodNominations nominations() {
        return nominations;
    }

    private void movePods(List<QueuedPodInfo> pods, ClusterEvent event, Object oldObject, Object newObject) {
        boolean activated = false;
        for (QueuedPodInfo info : pods) {
            // gated pods wait for their own update; checking every event against them is wasted work
            if (info.gated()) {
                continue;
            }
            Strategy strategy = worthRequeuing(info, event, oldObject, newObject);
            if (strategy == Strategy.SKIP) {
                continue;
            }
            unschedulable.remove(info.uid());
            activated |= requeue(info, strategy, event.label()).equals(ACTIVE);
        }
        record(event, oldObject, newObject);
        if (activated) {
            notEmpty.signalAll();
        }
    }

    /** Runs PreEnqueue and puts the pod in the active queue, or among the unschedulable pods if gated. */
    private boolean moveToActive(QueuedPodInfo info, String event) {
        String uid = info.uid();
        Framework framework = profiles.get(schedulerName(info.pod()));
        Status status = framework == null ? Status.success() : framework.runPreEnqueuePlugins(info.pod());
        if (!status.isSuccess()) {
            info.setGated(true, status.plugin());
            info.setUnschedulablePlugins(status.plugin().isEmpty() ? Set.of() : Set.of(status.plugin()));
            if (!active.containsKey(uid) && !backoff.containsKey(uid)) {
                unschedulable.put(uid, info);
                metrics.podEntered(UNSCHEDULABLE, event);
            }
            return false;
        }
        info.setGated(false, "");
        info.markInitialAttempt(clock.instant());
        QueuedPodInfo previous = active.put(uid, info);
        if (previous != null) {
            activeQ.remove(previous);
        }
        activeQ.add(info);
        unschedulable.remove(uid);
        QueuedPodInfo backingOff = backoff.remove(uid);
        if (backingOff != null) {
            backoffQ.remove(backingOff);
        }
        nominations.addNominatedPod(info.podInfo(), NominatingInfo.noop());
        metrics.podEntered(ACTIVE, event);
        return true;
    }

    /** Puts a pod that is in no sub-queue where the strategy says; returns the sub-queue's name. */
    private String requeue(QueuedPodInfo info, Strategy strategy, String event) {
        if (strategy == Strategy.SKIP) {
            unschedulable.put(info.uid(), info);
            metrics.podEntered(UNSCHEDULABLE, event);
            return UNSCHEDULABLE;
        }
        if (isBackingOff(info)) {
            backoff.put(info.uid(), info);
            backoffQ.add(info);
            metrics.podEntered(BACKOFF, event);
            return BACKOFF;
        }
        if (moveToActive(info, event)) {
            return ACTIVE;
        }
        return UNSCHEDULABLE;
    }

    /** Whether any event seen while the pod was being scheduled may help it. */
    private Strategy inFlightStrategy(QueuedPodInfo info) {
        if (info.unschedulablePlugins().isEmpty()) {
            // an error rather than a rejection: retry after backoff, not after some unrelated event
            return Strategy.AFTER_BACKOFF;
        }
        Long start = inFlight.get(info.uid());
        if (start == null) {
            return Strategy.SKIP;
        }
        for (RecordedEvent recorded : inFlightEvents) {
            if (recorded.sequence() > start
                    && worthRequeuing(info, recorded.event(), recorded.oldObject(), recorded.newObject())
                            != Strategy.SKIP) {
                return Strategy.AFTER_BACKOFF;
            }
        }
        return Strategy.SKIP;
    }

    /** Kubernetes' isPodWorthRequeuing: does a plugin that rejected the pod think the event may help? */
    private Strategy worthRequeuing(QueuedPodInfo info, ClusterEvent event, Object oldObject, Object newObject) {
        Set<String> rejectors = info.unschedulablePlugins();
        if (rejectors.isEmpty() || event.resource() == EventResource.WILDCARD) {
            return Strategy.AFTER_BACKOFF;
        }
        Map<String, List<ClusterEventWithHint>> registrations = eventsByProfile.get(schedulerName(info.pod()));
        if (registrations == null) {
            return Strategy.AFTER_BACKOFF;
        }
        for (String plugin : rejectors) {
            for (ClusterEventWithHint registration : registrations.getOrDefault(plugin, List.of())) {
                if (registration.event().matches(event)
                        && registration.hintFor(info.pod(), oldObject, newObject) == QueueingHint.QUEUE) {
                    return Strategy.AFTER_BACKOFF;
                }
            }
        }
        return Strategy.SKIP;
    }

    private void record(ClusterEvent event, Object oldObject, Object newObject) {
        if (!inFlight.isEmpty()) {
            inFlightEvents.addLast(new RecordedEvent(++eventSequence, event, oldObject, newObject));
        }
    }

    private void doneUnlocked(String uid) {
        if (inFlight.remove(uid) == null) {
            return;
        }
        long oldestStart = Long.MAX_VALUE;
        for (long start : inFlight.values()) {
            oldestStart = Math.min(oldestStart, start);
        }
        // events every in-flight pod started after can no longer matter to any of them
        while (!inFlightEvents.isEmpty() && inFlightEvents.peekFirst().sequence() <= oldestStart) {
            inFlightEvents.pollFirst();
        }
    }

    private boolean isBackingOff(QueuedPodInfo info) {
        return !info.gated() && backoffTime(info).isAfter(clock.instant());
    }

    private Instant backoffTime(QueuedPodInfo info) {
        return info.timestamp().plus(backoffDuration(info.attempts()));
    }

    private static String schedulerName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? "default-scheduler" : name;
    }

    private static String describe(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** Configures a {@link SchedulingQueue}. */
    public static final class Builder {
        private final Map<String, Framework> profiles = new HashMap<>();
        private final PodNominations nominations;
        private Clock clock = Clock.systemUTC();
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration maxInUnschedulable = DEFAULT_MAX_IN_UNSCHEDULABLE;
        private QueueMetrics metrics = QueueMetrics.NONE;

        private Builder(Map<String, ? extends Framework> profiles, PodNominations nominations) {
            this.profiles.putAll(profiles);
            this.nominations = Objects.requireNonNull(nominations, "nominations");
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder initialBackoff(Duration value) {
            this.initialBackoff = Objects.requireNonNull(value);
            return this;
        }

        public Builder maxBackoff(Duration value) {
            this.maxBackoff = Objects.requireNonNull(value);
            return this;
        }

        public Builder maxInUnschedulable(Duration value) {
            this.maxInUnschedulable = Objects.requireNonNull(value);
            return this;
        }

        public Builder metrics(QueueMetrics value) {
            this.metrics = Objects.requireNonNull(value);
            return this;
        }

        public SchedulingQueue build() {
            return new SchedulingQueue(this);
        }
    }
}
