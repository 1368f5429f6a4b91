package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A probe manager on a manual clock with a scripted prober: tests set each pod's status, queue
 * verdicts per probe type and read what the manager and its listeners saw.
 */
final class ProbeFixture {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    static final String UID = "uid-web";

    final ManualProbeScheduler clock = new ManualProbeScheduler(START);
    final Map<String, PodStatus> statuses = new ConcurrentHashMap<>();
    final ScriptedProber prober = new ScriptedProber(clock);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> changes = new ArrayList<>();
    final ProbeManager manager;

    ProbeFixture() {
        this(0.0);
    }

    /** @param random the fraction of a period the first probe waits while the kubelet is new */
    ProbeFixture(double random) {
        manager = new ProbeManager(
                prober,
                uid -> Optional.ofNullable(statuses.get(uid)).map(s -> new PodStatusBuilder(s).build()),
                clock,
                new ProbeMetrics(registry),
                () -> random,
                null);
        manager.addListener((podUid, container, containerId, type, result) ->
                changes.add(type + " " + container + " " + containerId + " " + result));
    }

    static Probe probe(int initialDelay, int period, int successThreshold, int failureThreshold) {
        return new ProbeBuilder()
                .withNewExec()
                .withCommand("true")
                .endExec()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withTimeoutSeconds(1)
                .withSuccessThreshold(successThreshold)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    static Container container(String name, ProbeType type, Probe probe) {
        ContainerBuilder builder = new ContainerBuilder().withName(name).withImage("busybox");
        switch (type) {
            case LIVENESS -> builder.withLivenessProbe(probe);
            case READINESS -> builder.withReadinessProbe(probe);
            case STARTUP -> builder.withStartupProbe(probe);
        }
        return builder.build();
    }

    static Pod pod(String restartPolicy, Container... containers) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .withUid(UID)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy(restartPolicy)
                .withContainers(containers)
                .endSpec()
                .build();
    }

    static ContainerStatus running(String name, String containerId, Instant since) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withContainerID(containerId)
                .withNewState()
                .withNewRunning(KubeTimes.time(since))
                .endState()
                .build();
    }

    static ContainerStatus waiting(String name, String containerId) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withContainerID(containerId)
                .withNewState()
                .withNewWaiting()
                .withReason("CrashLoopBackOff")
                .endWaiting()
                .endState()
                .build();
    }

    static ContainerStatus terminated(String name, String containerId, int exitCode) {
        return new ContainerStatusBuilder()
                .withName(name)
                .withContainerID(containerId)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .endTerminated()
                .endState()
                .build();
    }

    void status(String phase, ContainerStatus... containers) {
        statuses.put(
                UID,
                new PodStatusBuilder()
                        .withPhase(phase)
                        .withPodIP("127.0.0.1")
                        .withContainerStatuses(containers)
                        .build());
    }

    /** The cached result of a container, by its ID. */
    Optional<ProbeResult> result(ProbeType type, String containerId) {
        return manager.results().get(type, containerId);
    }

    /** Verdicts the prober gives, per probe type, in order; once they run out it answers success. */
    static final class ScriptedProber implements Prober {

        private final Map<ProbeType, Deque<Object>> verdicts = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();
        final List<Duration> callTimes = new ArrayList<>();
        private final ManualProbeScheduler clock;
        private final Deque<Duration> durations = new ArrayDeque<>();

        ScriptedProber(ManualProbeScheduler clock) {
            this.clock = clock;
        }

        /** The next probe takes this long on the manual clock. */
        void nextTakes(Duration duration) {
            durations.add(duration);
        }

        void answer(ProbeType type, ProbeResult... results) {
            verdicts.computeIfAbsent(type, t -> new ArrayDeque<>()).addAll(List.of(results));
        }

        void error(ProbeType type, String message) {
            verdicts.computeIfAbsent(type, t -> new ArrayDeque<>()).add(new ProbeActionException(message));
        }

        int calls(ProbeType type) {
            return (int) calls.stream().filter(c -> c.startsWith(type + " ")).count();
        }

        @Override
        public synchronized ProbeResult probe(
                ProbeType type, Pod pod, PodStatus status, Container container, String containerId)
                throws ProbeActionException {
            calls.add(type + " " + container.getName() + " " + containerId);
            callTimes.add(Duration.between(START, clock.now()));
            Duration takes = durations.poll();
            if (takes != null) {
                clock.elapse(takes);
            }
            Object next = verdicts.getOrDefault(type, new ArrayDeque<>()).poll();
            if (next instanceof ProbeActionException e) {
                throw e;
            }
            return next == null ? ProbeResult.SUCCESS : (ProbeResult) next;
        }
    }
}
