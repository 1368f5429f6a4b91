package io.skiff.scheduler.core;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.scheduler.cache.SchedulerCache;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Framework;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.PostFilterResult;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.SchedulingException;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.queue.QueuedPodInfo;
import io.skiff.scheduler.queue.SchedulingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' scheduleOne: pops a pod, runs the scheduling cycle (choose a node, assume the pod
 * there at once, Reserve, Permit) on the calling thread, then the binding cycle (wait on Permit,
 * PreBind, Bind, PostBind) on the binding executor so the next pod need not wait for the API
 * server. Failures unreserve and forget the assumed pod, run PostFilter (preemption) for pods that
 * fit nowhere, requeue the informer's latest version of the pod with the plugins that rejected it,
 * and are reported.
 */
public final class SchedulingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulingLoop.class);

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final PodScheduler scheduler;
    private final Map<String, Framework> profiles;
    private final PodLister podLister;
    private final SchedulingReporter reporter;
    private final SchedulingMetrics metrics;
    private final Executor bindingExecutor;
    private final Clock clock;

    private SchedulingLoop(Builder builder) {
        this.queue = builder.queue;
        this.cache = builder.cache;
        this.scheduler = builder.scheduler;
        this.profiles = Map.copyOf(builder.profiles);
        this.podLister = builder.podLister;
        this.reporter = builder.reporter;
        this.metrics = builder.metrics;
        this.bindingExecutor = builder.bindingExecutor;
        this.clock = builder.clock;
    }

    public static Builder builder(
            SchedulingQueue queue,
            SchedulerCache cache,
            PodScheduler scheduler,
            Map<String, ? extends Framework> profiles,
            PodLister podLister) {
        return new Builder(queue, cache, scheduler, profiles, podLister);
    }

    /**
     * Schedules the next pod, waiting up to {@code popTimeout} for one.
     *
     * @return whether a pod was taken from the queue
     */
    public boolean scheduleOne(Duration popTimeout) throws InterruptedException {
        Optional<QueuedPodInfo> popped = queue.pop(popTimeout);
        if (popped.isEmpty()) {
            return false;
        }
        QueuedPodInfo info = popped.get();
        Pod pod = info.pod();
        Framework framework = profiles.get(schedulerName(pod));
        if (framework == null || skip(pod)) {
            queue.done(info.uid());
            return true;
        }
        Instant start = clock.instant();
        CycleState state = new CycleState();
        Outcome outcome = schedulingCycle(framework, state, info);
        if (!outcome.status().isSuccess()) {
            handleFailure(framework, info, outcome.status(), outcome.rejectors(), outcome.nominating(), start);
            return true;
        }
        metrics.attempt(SchedulingMetrics.SCHEDULED, framework.profileName(), Duration.between(start, clock.instant()));
        bindingExecutor.execute(() -> bindingCycle(framework, state, info, outcome, start));
        return true;
    }

    /** What the scheduling cycle decided. */
    private record Outcome(Status status, Set<String> rejectors, NominatingInfo nominating, Pod assumed, String node) {

        static Outcome failed(Status status, Set<String> rejectors, NominatingInfo nominating) {
            return new Outcome(status, rejectors, nominating, null, null);
        }
    }

    private Outcome schedulingCycle(Framework framework, CycleState state, QueuedPodInfo info) {
        Pod pod = info.pod();
        ScheduleResult result;
        try {
            result = scheduler.schedulePod(framework, state, pod);
        } catch (NoNodesAvailableException e) {
            return Outcome.failed(
                    Status.unschedulableAndUnresolvable(e.getMessage()), Set.of(), NominatingInfo.override(""));
        } catch (FitError fitError) {
            return afterFitError(framework, state, pod, fitError);
        } catch (SchedulingException e) {
            return Outcome.failed(e.status(), Set.of(), NominatingInfo.override(""));
        } catch (RuntimeException e) {
            return Outcome.failed(Status.error(e), Set.of(), NominatingInfo.override(""));
        }
        String node = result.suggestedHost();
        Pod assumed =
                new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
        try {
            // counted against the node from now on, so the next pod sees it before the binding lands
            cache.assumePod(assumed);
        } catch (IllegalStateException e) {
            return Outcome.failed(Status.error(e), Set.of(), NominatingInfo.override(""));
        }
        Status reserve = framework.runReservePluginsReserve(state, assumed, node);
        if (!reserve.isSuccess()) {
            return undo(framework, state, assumed, node, reserve);
        }
        Status permit = framework.runPermitPlugins(state, assumed, node);
        if (!permit.isSuccess() && !permit.isWait()) {
            return undo(framework, state, assumed, node, permit);
        }
        return new Outcome(Status.success(), Set.of(), NominatingInfo.noop(), assumed, node);
    }

    /** PostFilter (preemption) for a pod that fits nowhere; its message ends the FitError's. */
    private Outcome afterFitError(Framework framework, CycleState state, Pod pod, FitError fitError) {
        Set<String> rejectors = fitError.diagnosis().unschedulablePlugins();
        if (!framework.hasPostFilterPlugins()) {
            return Outcome.failed(Status.unschedulable(fitError.getMessage()), rejectors, NominatingInfo.noop());
        }
        PostFilterResult result =
                framework.runPostFilterPlugins(state, pod, fitError.diagnosis().nodeToStatus());
        fitError.diagnosis().setPostFilterMessage(result.status().message());
        if (result.status().code() == Status.Code.ERROR) {
            LOG.warn(
                    "PostFilter failed for pod {}: {}",
                    describe(pod),
                    result.status().message());
        }
        return Outcome.failed(Status.unschedulable(fitError.getMessage()), rejectors, result.nominatingInfo());
    }

    private Outcome undo(Framework framework, CycleState state, Pod assumed, String node, Status status) {
        framework.runReservePluginsUnreserve(state, assumed, node);
        forget(assumed);
        return failureAt(node, status);
    }

    /** A rejection on the one chosen node reads as a FitError over that node, as in Kubernetes. */
    private static Outcome failureAt(String node, Status status) {
        if (!status.isRejected()) {
            return Outcome.failed(status, Set.of(), NominatingInfo.override(""));
        }
        Diagnosis diagnosis = new Diagnosis();
        diagnosis.nodeToStatus().set(node, status);
        diagnosis.addPluginStatus(status);
        FitError fitError = new FitError(null, 1, diagnosis);
        return Outcome.failed(
                Status.of(status.code(), fitError.getMessage()),
                diagnosis.unschedulablePlugins(),
                NominatingInfo.override(""));
    }

    private void bindingCycle(
            Framework framework, CycleState state, QueuedPodInfo info, Outcome outcome, Instant start) {
        Pod assumed = outcome.assumed();
        String node = outcome.node();
        Outcome failure = null;
        try {
            Status permit = framework.waitOnPermit(assumed);
            if (!permit.isSuccess()) {
                failure = failureAt(node, permit);
            } else {
                Status preBind = framework.runPreBindPlugins(state, assumed, node);
                if (!preBind.isSuccess()) {
                    failure = failureAt(node, preBind);
                } else {
                    Status bind = bind(framework, state, assumed, node);
                    if (!bind.isSuccess()) {
                        failure = failureAt(node, bind);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = failureAt(node, Status.error(e));
        }
        if (failure != null) {
            handleBindingFailure(framework, state, info, assumed, node, failure, start);
            return;
        }
        reporter.scheduled(assumed, node);
        Instant firstAttempt = info.initialAttemptTimestamp() == null ? start : info.initialAttemptTimestamp();
        metrics.podScheduled(framework.profileName(), Duration.between(firstAttempt, clock.instant()), info.attempts());
        framework.runPostBindPlugins(state, assumed, node);
        queue.done(info.uid());
    }

    private Status bind(Framework framework, CycleState state, Pod assumed, String node) {
        Status status;
        try {
            status = framework.runBindPlugins(state, assumed, node);
        } finally {
            // the binding was sent (or failed): from now on an unconfirmed assumption may expire
            cache.finishBinding(assumed);
        }
        if (status.isSkip()) {
            return Status.error("no Bind plugin bound pod " + describe(assumed));
        }
        return status;
    }

    private void handleBindingFailure(
            Framework framework,
            CycleState state,
            QueuedPodInfo info,
            Pod assumed,
            String node,
            Outcome failure,
            Instant start) {
        framework.runReservePluginsUnreserve(state, assumed, node);
        boolean forgotten = forget(assumed);
        // the room the assumed pod held is free again, which may help other pods; a rejected pod
        // itself must not be woken by its own forgetting, so it is requeued first
        ClusterEvent freed = ClusterEvent.of(EventResource.ASSIGNED_POD, ActionType.DELETE);
        if (forgotten && !failure.status().isRejected()) {
            queue.moveAllToActiveOrBackoffQueue(freed, assumed, null);
        }
        handleFailure(framework, info, failure.status(), failure.rejectors(), NominatingInfo.override(""), start);
        if (forgotten && failure.status().isRejected()) {
            queue.moveAllToActiveOrBackoffQueue(freed, assumed, null);
        }
    }

    private boolean forget(Pod assumed) {
        try {
            cache.forgetPod(assumed);
            return true;
        } catch (IllegalStateException e) {
            LOG.warn("scheduler cache ForgetPod failed: {}", e.getMessage());
            return false;
        }
    }

    /** Kubernetes' handleSchedulingFailure: requeue the latest version of the pod, then report. */
    private void handleFailure(
            Framework framework,
            QueuedPodInfo info,
            Status status,
            Set<String> rejectors,
            NominatingInfo nominating,
            Instant start) {
        boolean rejected = status.isRejected();
        metrics.attempt(
                rejected ? SchedulingMetrics.UNSCHEDULABLE : SchedulingMetrics.ERROR,
                framework.profileName(),
                Duration.between(start, clock.instant()));
        Pod pod = info.pod();
        info.setUnschedulablePlugins(rejected ? rejectors : Set.of());
        Optional<Pod> latest = podLister.get(
                pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        if (latest.isEmpty() || !Objects.equals(latest.get().getMetadata().getUid(), info.uid())) {
            // deleted (or replaced by a namesake) meanwhile: nothing to retry
            queue.done(info.uid());
        } else if (isBound(latest.get())) {
            queue.done(info.uid());
        } else {
            info.update(latest.get());
            try {
                queue.addUnschedulableIfNotPresent(info);
            } catch (IllegalStateException e) {
                LOG.warn("requeueing {}: {}", describe(pod), e.getMessage());
            }
        }
        // recorded now rather than on the pod's update event, so the next cycle already counts it
        queue.nominations().addNominatedPod(info.podInfo(), nominating);
        reporter.failed(
                pod,
                rejected ? SchedulingReporter.REASON_UNSCHEDULABLE : SchedulingReporter.REASON_SCHEDULER_ERROR,
                status.message(),
                nominating);
    }

    /** Pods being deleted, or already assumed (an update requeued them mid-binding), are not scheduled again. */
    private boolean skip(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return true;
        }
        return cache.isAssumedPod(pod);
    }

    private static boolean isBound(Pod pod) {
        return pod.getSpec() != null
                && pod.getSpec().getNodeName() != null
                && !pod.getSpec().getNodeName().isEmpty();
    }

    private static String schedulerName(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? ProfileConfig.DEFAULT_SCHEDULER_NAME : name;
    }

    private static String describe(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** Configures a {@link SchedulingLoop}. */
    public static final class Builder {
        private final SchedulingQueue queue;
        private final SchedulerCache cache;
        private final PodScheduler scheduler;
        private final Map<String, Framework> profiles;
        private final PodLister podLister;
        private SchedulingReporter reporter = SchedulingReporter.NONE;
        private SchedulingMetrics metrics = SchedulingMetrics.NONE;
        private Executor bindingExecutor = Runnable::run;
        private Clock clock = Clock.systemUTC();

        private Builder(
                SchedulingQueue queue,
                SchedulerCache cache,
                PodScheduler scheduler,
                Map<String, ? extends Framework> profiles,
                PodLister podLister) {
            this.queue = Objects.requireNonNull(queue, "queue");
            this.cache = Objects.requireNonNull(cache, "cache");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.profiles = Map.copyOf(profiles);
            this.podLister = Objects.requireNonNull(podLister, "podLister");
        }

        public Builder reporter(SchedulingReporter value) {
            this.reporter = Objects.requireNonNull(value);
            return this;
        }

        public Builder metrics(SchedulingMetrics value) {
            this.metrics = Objects.requireNonNull(value);
            return this;
        }

        /** Where binding cycles run; by default on the scheduling thread (tests), normally a small pool. */
        public Builder bindingExecutor(Executor value) {
            this.bindingExecutor = Objects.requireNonNull(value);
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public SchedulingLoop build() {
            return new SchedulingLoop(this);
        }
    }
}
