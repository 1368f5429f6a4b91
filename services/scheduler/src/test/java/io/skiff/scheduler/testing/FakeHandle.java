package io.skiff.scheduler.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.Handle;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.Plugin;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PodNominator;
import io.skiff.scheduler.framework.Ports;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterExtensions;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.WaitingPod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A framework handle for plugin tests: a fixed snapshot, ports, nominated and waiting pods, and
 * just enough of the framework's runners (PreFilter, Filter, PreFilter extensions) to drive the
 * plugins given to {@link #use} in order, as the real runtime would for one profile. It stands in
 * for the framework runtime, which lives on another branch.
 */
public final class FakeHandle implements Handle {

    private static final Parallelizer PARALLELIZER = new Parallelizer(2);

    private final Snapshot snapshot;
    private final Ports ports;
    private final List<Plugin> plugins = new ArrayList<>();
    private final Map<String, List<PodInfo>> nominated = new ConcurrentHashMap<>();
    private final Map<String, WaitingPod> waitingPods = new ConcurrentHashMap<>();

    public FakeHandle(Snapshot snapshot, Ports ports) {
        this.snapshot = snapshot;
        this.ports = ports;
    }

    public FakeHandle(Snapshot snapshot) {
        this(snapshot, Ports.none());
    }

    /** The plugins whose PreFilter, Filter and extensions the runners call, in order. */
    public FakeHandle use(Plugin... pluginsInOrder) {
        plugins.addAll(List.of(pluginsInOrder));
        return this;
    }

    public FakeHandle nominate(Pod pod, String nodeName) {
        nominated.computeIfAbsent(nodeName, k -> new ArrayList<>()).add(PodInfo.of(pod));
        return this;
    }

    public FakeHandle waiting(WaitingPod pod) {
        waitingPods.put(pod.pod().getMetadata().getUid(), pod);
        return this;
    }

    /** Runs every PreFilter plugin as the framework does: Skips recorded, the first rejection returned. */
    public Status runPreFilterPlugins(CycleState state, Pod pod) {
        Set<String> skipped = new HashSet<>();
        for (Plugin plugin : plugins) {
            if (plugin instanceof PreFilter) {
                PreFilterResult result = ((PreFilter) plugin).preFilter(state, pod, snapshot.nodeInfos());
                if (result.status().isSkip()) {
                    skipped.add(plugin.name());
                } else if (!result.status().isSuccess()) {
                    return result.status().withPlugin(plugin.name());
                }
            }
        }
        state.setSkipFilterPlugins(skipped);
        return Status.success();
    }

    /** Every node's Filter status, in snapshot order. */
    public Map<String, Status> filterEveryNode(CycleState state, Pod pod) {
        Map<String, Status> statuses = new LinkedHashMap<>();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            statuses.put(nodeInfo.nodeName(), runFilterPlugins(state, pod, nodeInfo));
        }
        return statuses;
    }

    @Override
    public String profileName() {
        return "default-scheduler";
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public Parallelizer parallelizer() {
        return PARALLELIZER;
    }

    @Override
    public PodNominator podNominator() {
        return new PodNominator() {
            @Override
            public void addNominatedPod(PodInfo podInfo, NominatingInfo nominatingInfo) {
                nominated
                        .computeIfAbsent(nominatingInfo.nominatedNodeName(), k -> new ArrayList<>())
                        .add(podInfo);
            }

            @Override
            public void deleteNominatedPodIfExists(Pod pod) {
                nominated
                        .values()
                        .forEach(pods -> pods.removeIf(
                                p -> p.uid().equals(pod.getMetadata().getUid())));
            }

            @Override
            public void updateNominatedPod(Pod oldPod, PodInfo newPodInfo) {
                throw new UnsupportedOperationException("not needed by plugin tests");
            }

            @Override
            public List<PodInfo> nominatedPodsForNode(String nodeName) {
                return List.copyOf(nominated.getOrDefault(nodeName, List.of()));
            }
        };
    }

    @Override
    public <T> Optional<T> findPort(Class<T> type) {
        return ports.find(type);
    }

    @Override
    public Optional<WaitingPod> waitingPod(String uid) {
        return Optional.ofNullable(waitingPods.get(uid));
    }

    @Override
    public void forEachWaitingPod(Consumer<WaitingPod> action) {
        waitingPods.values().forEach(action);
    }

    @Override
    public boolean rejectWaitingPod(String uid) {
        WaitingPod pod = waitingPods.get(uid);
        if (pod == null) {
            return false;
        }
        pod.reject("", "removed");
        return true;
    }

    @Override
    public Status runFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo) {
        for (Plugin plugin : plugins) {
            if (plugin instanceof Filter && !state.skipFilterPlugins().contains(plugin.name())) {
                Status status = ((Filter) plugin).filter(state, pod, nodeInfo);
                if (!status.isSuccess()) {
                    return status.withPlugin(plugin.name());
                }
            }
        }
        return Status.success();
    }

    @Override
    public Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo) {
        int priority = priority(pod);
        List<PodInfo> others = new ArrayList<>();
        for (PodInfo candidate : nominated.getOrDefault(nodeInfo.nodeName(), List.of())) {
            if (priority(candidate.pod()) >= priority
                    && !Objects.equals(candidate.uid(), pod.getMetadata().getUid())) {
                others.add(candidate);
            }
        }
        if (!others.isEmpty()) {
            NodeInfo withNominated = nodeInfo.snapshot();
            CycleState stateWithNominated = state.copy();
            for (PodInfo other : others) {
                withNominated.addPodInfo(other);
                Status status = runPreFilterExtensionAddPod(stateWithNominated, pod, other, withNominated);
                if (!status.isSuccess()) {
                    return status;
                }
            }
            Status status = runFilterPlugins(stateWithNominated, pod, withNominated);
            if (!status.isSuccess()) {
                return status;
            }
        }
        return runFilterPlugins(state, pod, nodeInfo);
    }

    @Override
    public Status runPreFilterExtensionAddPod(
            CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        return runExtensions(state, extensions -> extensions.addPod(state, podToSchedule, podToAdd, nodeInfo));
    }

    @Override
    public Status runPreFilterExtensionRemovePod(
            CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        return runExtensions(state, extensions -> extensions.removePod(state, podToSchedule, podToRemove, nodeInfo));
    }

    private Status runExtensions(CycleState state, java.util.function.Function<PreFilterExtensions, Status> call) {
        for (Plugin plugin : plugins) {
            if (!(plugin instanceof PreFilter) || state.skipFilterPlugins().contains(plugin.name())) {
                continue;
            }
            Optional<PreFilterExtensions> extensions = ((PreFilter) plugin).preFilterExtensions();
            if (extensions.isPresent()) {
                Status status = call.apply(extensions.get());
                if (!status.isSuccess()) {
                    return status.withPlugin(plugin.name());
                }
            }
        }
        return Status.success();
    }

    private static int priority(Pod pod) {
        Integer priority = pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }
}
