package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.component.controller.Result;
import io.skiff.kubelet.container.PlainContainerEnvironment;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.PodStatusManager;
import io.skiff.kubelet.status.ProbeResults;
import io.skiff.kubelet.status.WaitingReasons;
import io.skiff.kubelet.testing.InMemoryPodStatusApi;
import io.skiff.kubelet.testing.ManualClock;
import io.skiff.kubelet.testing.RecordingEvents;
import io.skiff.kubelet.testing.ScriptedRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * One pod's worker logic on a scripted runtime with a manual clock: a test syncs, makes containers
 * exit, moves the clock and syncs again, then reads the status the kubelet computed, the runtime
 * calls it made and the events it recorded.
 */
final class PodSyncFixture {

    static final List<String> HOST_IPS = List.of("192.0.2.10");

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
    final ScriptedRuntime runtime = new ScriptedRuntime(clock);
    final RecordingEvents events = new RecordingEvents();
    final InMemoryPodStatusApi api = new InMemoryPodStatusApi();
    final List<String> statusQueue = new ArrayList<>();
    final PodStatusManager statuses = new PodStatusManager(api, clock, statusQueue::add);
    final DesiredPods desired = new DesiredPods();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final KubeletMetrics metrics = new KubeletMetrics(registry, "node-1");
    final PodStartupLatencyTracker startup = new PodStartupLatencyTracker(metrics, clock);
    final PodSync sync;

    PodSyncFixture(Path podLogsDir) {
        this(podLogsDir, ProbeResults.NONE);
    }

    PodSyncFixture(Path podLogsDir, ProbeResults probes) {
        Executor direct = Runnable::run;
        WaitingReasons reasons = new WaitingReasons();
        PodEvents podEvents = new PodEvents(events);
        LifecycleHooks hooks = new LifecycleHooks(runtime);
        PodKiller killer = new PodKiller(runtime, hooks, podEvents, direct, clock);
        ImagePuller images = new ImagePuller(
                runtime,
                new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock),
                PullSecrets.NONE,
                podEvents,
                clock,
                metrics,
                startup);
        PlainContainerEnvironment environment = new PlainContainerEnvironment();
        ContainerStarter starter = new ContainerStarter(
                runtime,
                images,
                environment,
                new ContainerConfigs(() -> 8L << 30),
                hooks,
                killer,
                podEvents,
                new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5), clock),
                HOST_IPS,
                "node-1",
                metrics);
        sync = new PodSync(
                desired,
                runtime,
                new SandboxConfigs(podLogsDir, environment, () -> "10.244.0.0/24"),
                starter,
                images,
                killer,
                environment,
                new PodStatusGenerator(reasons, probes, HOST_IPS),
                statuses,
                reasons,
                probes,
                podEvents,
                clock,
                HOST_IPS,
                metrics,
                startup);
        desired.markSynced();
    }

    /** The API server sends {@code pod}; its worker syncs it. */
    Result sync(Pod pod) {
        desired.update(pod);
        return sync.sync(pod.getMetadata().getUid());
    }

    /** The API server reports the pod gone; its worker syncs it. */
    Result removed(Pod pod) {
        desired.remove(pod);
        return sync.sync(pod.getMetadata().getUid());
    }

    PodStatus status(Pod pod) {
        return statuses.podStatus(pod.getMetadata().getUid()).orElseThrow();
    }

    ContainerStatus container(Pod pod, String name) {
        PodStatus status = status(pod);
        return Stream.concat(
                        status.getContainerStatuses().stream(),
                        status.getInitContainerStatuses() == null
                                ? Stream.empty()
                                : status.getInitContainerStatuses().stream())
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    String waitingReason(Pod pod, String name) {
        ContainerStatus container = container(pod, name);
        return container.getState().getWaiting() == null
                ? null
                : container.getState().getWaiting().getReason();
    }

    String waitingMessage(Pod pod, String name) {
        ContainerStatus container = container(pod, name);
        return container.getState().getWaiting() == null
                ? null
                : container.getState().getWaiting().getMessage();
    }

    /** The runtime calls made since the last look. */
    List<String> calls() {
        List<String> calls = runtime.calls();
        runtime.clearCalls();
        return calls;
    }
}
