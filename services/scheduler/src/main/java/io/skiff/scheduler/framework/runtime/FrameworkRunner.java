package io.skiff.scheduler.framework.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Bind;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.ExtensionPoint;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.Framework;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodePluginScores;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.Parallelizer;
import io.skiff.scheduler.framework.Permit;
import io.skiff.scheduler.framework.PermitResult;
import io.skiff.scheduler.framework.Plugin;
import io.skiff.scheduler.framework.PluginFactory;
import io.skiff.scheduler.framework.PluginRegistry;
import io.skiff.scheduler.framework.PluginScore;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PodNominator;
import io.skiff.scheduler.framework.Ports;
import io.skiff.scheduler.framework.PostBind;
import io.skiff.scheduler.framework.PostFilter;
import io.skiff.scheduler.framework.PostFilterResult;
import io.skiff.scheduler.framework.PreBind;
import io.skiff.scheduler.framework.PreEnqueue;
import io.skiff.scheduler.framework.PreFilter;
import io.skiff.scheduler.framework.PreFilterExtensions;
import io.skiff.scheduler.framework.PreFilterOutcome;
import io.skiff.scheduler.framework.PreFilterResult;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.ProfileConfig;
import io.skiff.scheduler.framework.Reserve;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.ScoreExtensions;
import io.skiff.scheduler.framework.ScoreOutcome;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.WaitingPod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one profile's plugins, extension point by extension point, with Kubernetes' semantics for
 * each point: which statuses stop the point, how Skip is recorded, how narrowings merge, how
 * scores are normalised and weighted. A plugin that throws is reported as an Error status of that
 * plugin.
 */
public final class FrameworkRunner implements Framework, AutoCloseable {

    /** The longest a Permit plugin may hold a pod, as Kubernetes caps it. */
    public static final Duration MAX_PERMIT_TIMEOUT = Duration.ofMinutes(15);

    private final String profileName;
    private final Snapshot snapshot;
    private final Parallelizer parallelizer;
    private final PodNominator nominator;
    private final Ports ports;
    private final Integer percentageOfNodesToScore;
    private final Map<ExtensionPoint, List<Plugin>> pluginsByPoint = new EnumMap<>(ExtensionPoint.class);
    private final Map<String, Integer> scoreWeights = new LinkedHashMap<>();
    private final Map<String, List<ClusterEventWithHint>> events = new LinkedHashMap<>();
    private final WaitingPods waitingPods = new WaitingPods();
    private final Supplier<ScheduledExecutorService> permitTimer;
    private volatile ScheduledExecutorService timer;

    private FrameworkRunner(Builder builder) {
        this.profileName = builder.profile.schedulerName();
        this.snapshot = builder.snapshot;
        this.parallelizer = builder.parallelizer;
        this.nominator = builder.nominator;
        this.ports = builder.ports;
        this.percentageOfNodesToScore = builder.profile.percentageOfNodesToScore();
        this.permitTimer = () -> Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "scheduler-permit-" + profileName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts building the framework of one profile. */
    public static Builder builder(PluginRegistry registry, ProfileConfig profile) {
        return new Builder(registry, profile);
    }

    private void instantiate(Builder builder) {
        Map<String, Plugin> instances = new LinkedHashMap<>();
        for (String name : ProfilePlugins.referencedPlugins(builder.defaults, builder.profile)) {
            PluginFactory factory = builder.registry
                    .factory(name)
                    .orElseThrow(() -> new IllegalArgumentException("plugin \"" + name + "\" does not exist"));
            Plugin plugin = factory.create(builder.profile.args(name), this);
            if (!name.equals(plugin.name())) {
                throw new IllegalArgumentException(
                        "plugin registered as \"" + name + "\" names itself \"" + plugin.name() + "\"");
            }
            instances.put(name, plugin);
        }
        ProfilePlugins expanded = ProfilePlugins.expand(builder.defaults, builder.profile, instances);
        for (ExtensionPoint point : ExtensionPoint.values()) {
            List<Plugin> plugins = new ArrayList<>();
            for (String name : expanded.pluginsAt(point)) {
                plugins.add(instances.get(name));
            }
            pluginsByPoint.put(point, List.copyOf(plugins));
        }
        for (String name : expanded.pluginsAt(ExtensionPoint.SCORE)) {
            scoreWeights.put(name, expanded.scoreWeight(name));
        }
        registerEvents(instances);
    }

    /**
     * Plugins that can reject pods say which events may help; one that says nothing is woken by any
     * event, as Kubernetes does.
     */
    private void registerEvents(Map<String, Plugin> instances) {
        Set<String> rejecting = new HashSet<>();
        for (ExtensionPoint point : List.of(
                ExtensionPoint.PRE_ENQUEUE,
                ExtensionPoint.PRE_FILTER,
                ExtensionPoint.FILTER,
                ExtensionPoint.RESERVE,
                ExtensionPoint.PERMIT)) {
            for (Plugin plugin : pluginsByPoint.get(point)) {
                rejecting.add(plugin.name());
            }
        }
        for (Plugin plugin : instances.values()) {
            if (!rejecting.contains(plugin.name())) {
                continue;
            }
            if (plugin instanceof EnqueueExtensions) {
                events.put(plugin.name(), List.copyOf(((EnqueueExtensions) plugin).eventsToRegister()));
            } else {
                events.put(plugin.name(), List.of(ClusterEventWithHint.always(ClusterEvent.WILDCARD)));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends Plugin> List<T> plugins(ExtensionPoint point) {
        return (List<T>) pluginsByPoint.get(point);
    }

    @Override
    public String profileName() {
        return profileName;
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public Parallelizer parallelizer() {
        return parallelizer;
    }

    @Override
    public PodNominator podNominator() {
        return nominator;
    }

    @Override
    public <T> Optional<T> findPort(Class<T> type) {
        return ports.find(type);
    }

    @Override
    public Optional<WaitingPod> waitingPod(String uid) {
        return waitingPods.get(uid).map(WaitingPod.class::cast);
    }

    @Override
    public void forEachWaitingPod(Consumer<WaitingPod> action) {
        waitingPods.forEach(action);
    }

    @Override
    public boolean rejectWaitingPod(String uid) {
        Optional<PermitWaitingPod> pod = waitingPods.get(uid);
        pod.ifPresent(waiting -> waiting.reject("", "removed"));
        return pod.isPresent();
    }

    @Override
    public Status runPreEnqueuePlugins(Pod pod) {
        for (PreEnqueue plugin : this.<PreEnqueue>plugins(ExtensionPoint.PRE_ENQUEUE)) {
            Status status = call(plugin, () -> plugin.preEnqueue(pod));
            if (status.isSuccess()) {
                continue;
            }
            if (status.isRejected()) {
                return status.withPlugin(plugin.name());
            }
            return wrap(status, "running PreEnqueue plugin \"" + plugin.name() + "\"")
                    .withPlugin(plugin.name());
        }
        return Status.success();
    }

    @Override
    public PreFilterOutcome runPreFilterPlugins(CycleState state, Pod pod) {
        Set<String> nodeNames = null;
        List<String> pluginsWithNodes = new ArrayList<>();
        Set<String> skip = new HashSet<>();
        Status returned = Status.success();
        Set<String> rejectors = new HashSet<>();
        List<NodeInfo> nodes = snapshot.nodeInfos();
        for (PreFilter plugin : this.<PreFilter>plugins(ExtensionPoint.PRE_FILTER)) {
            PreFilterResult result;
            try {
                result = Objects.requireNonNull(plugin.preFilter(state, pod, nodes), "PreFilter returned null");
            } catch (RuntimeException e) {
                result = PreFilterResult.failed(Status.error(e));
            }
            Status status = result.status();
            if (status.isSkip()) {
                skip.add(plugin.name());
                continue;
            }
            if (!status.isSuccess()) {
                status = status.withPlugin(plugin.name());
                if (status.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                    // preemption cannot help, so the rest of PreFilter need not run
                    return new PreFilterOutcome(status, null, Set.of(plugin.name()));
                }
                if (status.code() == Status.Code.UNSCHEDULABLE) {
                    // preemption may help and needs every plugin's state, so PreFilter goes on
                    returned = status;
                    rejectors.add(plugin.name());
                    continue;
                }
                return new PreFilterOutcome(
                        wrap(status, "running PreFilter plugin \"" + plugin.name() + "\"")
                                .withPlugin(plugin.name()),
                        null,
                        Set.of());
            }
            if (result.allNodes()) {
                continue;
            }
            pluginsWithNodes.add(plugin.name());
            nodeNames = result.mergeNodeNames(nodeNames);
            if (nodeNames.isEmpty()) {
                String message = pluginsWithNodes.size() == 1
                        ? "node(s) didn't satisfy plugin " + pluginsWithNodes.get(0)
                        : "node(s) didn't satisfy plugin(s) " + goList(pluginsWithNodes) + " simultaneously";
                return new PreFilterOutcome(
                        Status.unschedulableAndUnresolvable(message), nodeNames, new HashSet<>(pluginsWithNodes));
            }
        }
        state.setSkipFilterPlugins(skip);
        // the narrowing plugins count as rejectors of the nodes they left out
        rejectors.addAll(pluginsWithNodes);
        return new PreFilterOutcome(returned, nodeNames, rejectors);
    }

    @Override
    public Status runPreFilterExtensionAddPod(
            CycleState state, Pod podToSchedule, PodInfo podToAdd, NodeInfo nodeInfo) {
        return runPreFilterExtension(
                state, "AddPod", extensions -> extensions.addPod(state, podToSchedule, podToAdd, nodeInfo));
    }

    @Override
    public Status runPreFilterExtensionRemovePod(
            CycleState state, Pod podToSchedule, PodInfo podToRemove, NodeInfo nodeInfo) {
        return runPreFilterExtension(
                state, "RemovePod", extensions -> extensions.removePod(state, podToSchedule, podToRemove, nodeInfo));
    }

    private Status runPreFilterExtension(
            CycleState state, String operation, Function<PreFilterExtensions, Status> call) {
        for (PreFilter plugin : this.<PreFilter>plugins(ExtensionPoint.PRE_FILTER)) {
            Optional<PreFilterExtensions> extensions = plugin.preFilterExtensions();
            if (extensions.isEmpty() || state.skipFilterPlugins().contains(plugin.name())) {
                continue;
            }
            Status status = call(plugin, () -> call.apply(extensions.get()));
            if (!status.isSuccess()) {
                return wrap(status, "running " + operation + " on PreFilter plugin \"" + plugin.name() + "\"")
                        .withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public Status runFilterPlugins(CycleState state, Pod pod, NodeInfo nodeInfo) {
        for (Filter plugin : this.<Filter>plugins(ExtensionPoint.FILTER)) {
            if (state.skipFilterPlugins().contains(plugin.name())) {
                continue;
            }
            Status status = call(plugin, () -> plugin.filter(state, pod, nodeInfo));
            if (!status.isSuccess()) {
                if (!status.isRejected()) {
                    status = wrap(status, "running \"" + plugin.name() + "\" filter plugin");
                }
                return status.withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public Status runFilterPluginsWithNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Status status = Status.success();
        boolean podsAdded = false;
        for (int pass = 0; pass < 2; pass++) {
            CycleState stateToUse = state;
            NodeInfo nodeInfoToUse = nodeInfo;
            if (pass == 0) {
                NominatedView view = addNominatedPods(state, pod, nodeInfo);
                if (view.failure != null) {
                    return view.failure;
                }
                podsAdded = view.podsAdded;
                stateToUse = view.state;
                nodeInfoToUse = view.nodeInfo;
            } else if (!podsAdded || !status.isSuccess()) {
                break;
            }
            // with nominated pods counted the pod must fit; without them it must fit too, because
            // the nominated pods may never arrive (e.g. they get scheduled elsewhere)
            status = runFilterPlugins(stateToUse, pod, nodeInfoToUse);
            if (!status.isSuccess() && !status.isRejected()) {
                return status;
            }
        }
        return status;
    }

    /** A node info and cycle state with the node's nominated pods of equal or higher priority counted. */
    private record NominatedView(boolean podsAdded, CycleState state, NodeInfo nodeInfo, Status failure) {}

    private NominatedView addNominatedPods(CycleState state, Pod pod, NodeInfo nodeInfo) {
        if (nodeInfo.node() == null) {
            return new NominatedView(false, state, nodeInfo, null);
        }
        List<PodInfo> nominated = nominator.nominatedPodsForNode(nodeInfo.nodeName());
        if (nominated.isEmpty()) {
            return new NominatedView(false, state, nodeInfo, null);
        }
        NodeInfo withNominated = nodeInfo.snapshot();
        CycleState stateCopy = state.copy();
        boolean added = false;
        int priority = priority(pod);
        for (PodInfo candidate : nominated) {
            if (priority(candidate.pod()) >= priority
                    && !Objects.equals(candidate.uid(), pod.getMetadata().getUid())) {
                withNominated.addPodInfo(candidate);
                Status status = runPreFilterExtensionAddPod(stateCopy, pod, candidate, withNominated);
                if (!status.isSuccess()) {
                    return new NominatedView(false, state, nodeInfo, Status.error(status.message()));
                }
                added = true;
            }
        }
        return new NominatedView(added, stateCopy, withNominated, null);
    }

    /** The pod's priority, 0 when unset (the Priority admission plugin fills it in). */
    public static int priority(Pod pod) {
        Integer priority = pod.getSpec() == null ? null : pod.getSpec().getPriority();
        return priority == null ? 0 : priority;
    }

    @Override
    public PostFilterResult runPostFilterPlugins(CycleState state, Pod pod, NodeToStatus filteredNodeStatuses) {
        PostFilterResult meaningful = null;
        List<String> reasons = new ArrayList<>();
        String rejector = "";
        for (PostFilter plugin : this.<PostFilter>plugins(ExtensionPoint.POST_FILTER)) {
            PostFilterResult result;
            try {
                result = Objects.requireNonNull(
                        plugin.postFilter(state, pod, filteredNodeStatuses), "PostFilter returned null");
            } catch (RuntimeException e) {
                result = PostFilterResult.failed(Status.error(e));
            }
            Status status = result.status();
            if (status.isSuccess()) {
                return result;
            }
            if (status.code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
                return new PostFilterResult(status.withPlugin(plugin.name()), result.nominatingInfo());
            }
            if (!status.isRejected()) {
                return PostFilterResult.failed(status.withPlugin(plugin.name()));
            }
            if (result.nominatingInfo().mode() != NominatingInfo.Mode.NOOP) {
                meaningful = result;
            }
            reasons.addAll(status.reasons());
            if (rejector.isEmpty()) {
                rejector = plugin.name();
            }
        }
        Status status = Status.of(Status.Code.UNSCHEDULABLE, reasons);
        if (!rejector.isEmpty()) {
            status = status.withPlugin(rejector);
        }
        return new PostFilterResult(status, meaningful == null ? null : meaningful.nominatingInfo());
    }

    @Override
    public Status runPreScorePlugins(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        Set<String> skip = new HashSet<>();
        for (PreScore plugin : this.<PreScore>plugins(ExtensionPoint.PRE_SCORE)) {
            Status status = call(plugin, () -> plugin.preScore(state, pod, feasibleNodes));
            if (status.isSkip()) {
                skip.add(plugin.name());
                continue;
            }
            if (!status.isSuccess()) {
                return wrap(status, "running PreScore plugin \"" + plugin.name() + "\"")
                        .withPlugin(plugin.name());
            }
        }
        state.setSkipScorePlugins(skip);
        return Status.success();
    }

    @Override
    public ScoreOutcome runScorePlugins(CycleState state, Pod pod, List<NodeInfo> nodes) {
        List<Score> active = new ArrayList<>();
        for (Score plugin : this.<Score>plugins(ExtensionPoint.SCORE)) {
            if (!state.skipScorePlugins().contains(plugin.name())) {
                active.add(plugin);
            }
        }
        List<List<NodeScore>> scores = new ArrayList<>(active.size());
        for (int p = 0; p < active.size(); p++) {
            List<NodeScore> perNode = new ArrayList<>(nodes.size());
            for (NodeInfo node : nodes) {
                perNode.add(new NodeScore(node.nodeName(), 0));
            }
            scores.add(perNode);
        }
        AtomicReference<Status> failure = new AtomicReference<>();
        if (!active.isEmpty()) {
            parallelizer.until(
                    nodes.size(),
                    index -> {
                        NodeInfo node = nodes.get(index);
                        for (int p = 0; p < active.size(); p++) {
                            Score plugin = active.get(p);
                            try {
                                scores.get(p).get(index).setScore(plugin.score(state, pod, node));
                            } catch (RuntimeException e) {
                                failure.compareAndSet(
                                        null,
                                        wrap(Status.error(e), "plugin \"" + plugin.name() + "\" failed with")
                                                .withPlugin(plugin.name()));
                                return;
                            }
                        }
                    },
                    () -> failure.get() != null);
            for (int p = 0; p < active.size() && failure.get() == null; p++) {
                Score plugin = active.get(p);
                Optional<ScoreExtensions> extensions = plugin.scoreExtensions();
                if (extensions.isEmpty()) {
                    continue;
                }
                List<NodeScore> pluginScores = scores.get(p);
                Status status = call(plugin, () -> extensions.get().normalizeScore(state, pod, pluginScores));
                if (!status.isSuccess()) {
                    failure.compareAndSet(
                            null,
                            wrap(status, "plugin \"" + plugin.name() + "\" failed with")
                                    .withPlugin(plugin.name()));
                }
            }
        }
        if (failure.get() != null) {
            return new ScoreOutcome(wrap(failure.get(), "running Score plugins"), List.of());
        }
        List<NodePluginScores> result = new ArrayList<>(nodes.size());
        for (int index = 0; index < nodes.size(); index++) {
            List<PluginScore> perPlugin = new ArrayList<>(active.size());
            long total = 0;
            for (int p = 0; p < active.size(); p++) {
                Score plugin = active.get(p);
                long score = scores.get(p).get(index).score();
                if (score > Score.MAX_NODE_SCORE || score < Score.MIN_NODE_SCORE) {
                    Status invalid = Status.error("plugin \"" + plugin.name() + "\" returns an invalid score " + score
                                    + ", it should in the range of [" + Score.MIN_NODE_SCORE + ", "
                                    + Score.MAX_NODE_SCORE
                                    + "] after normalizing")
                            .withPlugin(plugin.name());
                    return new ScoreOutcome(wrap(invalid, "running Score plugins"), List.of());
                }
                long weighted = score * scoreWeights.get(plugin.name());
                perPlugin.add(new PluginScore(plugin.name(), weighted));
                total += weighted;
            }
            result.add(new NodePluginScores(nodes.get(index).nodeName(), perPlugin, total));
        }
        return new ScoreOutcome(Status.success(), result);
    }

    @Override
    public Status runReservePluginsReserve(CycleState state, Pod pod, String nodeName) {
        for (Reserve plugin : this.<Reserve>plugins(ExtensionPoint.RESERVE)) {
            Status status = call(plugin, () -> plugin.reserve(state, pod, nodeName));
            if (!status.isSuccess()) {
                if (status.isRejected()) {
                    return status.withPlugin(plugin.name());
                }
                return wrap(status, "running Reserve plugin \"" + plugin.name() + "\"")
                        .withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public void runReservePluginsUnreserve(CycleState state, Pod pod, String nodeName) {
        List<Reserve> plugins = this.plugins(ExtensionPoint.RESERVE);
        // in reverse, so plugins release in the opposite order they reserved
        for (int i = plugins.size() - 1; i >= 0; i--) {
            Reserve plugin = plugins.get(i);
            call(plugin, () -> {
                plugin.unreserve(state, pod, nodeName);
                return Status.success();
            });
        }
    }

    @Override
    public Status runPermitPlugins(CycleState state, Pod pod, String nodeName) {
        Map<String, Duration> waitTimes = new LinkedHashMap<>();
        for (Permit plugin : this.<Permit>plugins(ExtensionPoint.PERMIT)) {
            PermitResult result;
            try {
                result = Objects.requireNonNull(plugin.permit(state, pod, nodeName), "Permit returned null");
            } catch (RuntimeException e) {
                result = PermitResult.reject(Status.error(e));
            }
            Status status = result.status();
            if (status.isSuccess()) {
                continue;
            }
            if (status.isRejected()) {
                return status.withPlugin(plugin.name());
            }
            if (status.isWait()) {
                Duration timeout =
                        result.timeout().compareTo(MAX_PERMIT_TIMEOUT) > 0 ? MAX_PERMIT_TIMEOUT : result.timeout();
                waitTimes.put(plugin.name(), timeout);
                continue;
            }
            return wrap(status, "running Permit plugin \"" + plugin.name() + "\"")
                    .withPlugin(plugin.name());
        }
        if (waitTimes.isEmpty()) {
            return Status.success();
        }
        waitingPods.add(pod.getMetadata().getUid(), new PermitWaitingPod(pod, waitTimes, timer()));
        return Status.waiting("one or more plugins asked to wait and no plugin rejected pod \""
                + pod.getMetadata().getName() + "\"");
    }

    @Override
    public Status waitOnPermit(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Optional<PermitWaitingPod> waiting = waitingPods.get(uid);
        if (waiting.isEmpty()) {
            return Status.success();
        }
        try {
            Status status = waiting.get().await();
            if (status.isSuccess() || status.isRejected()) {
                return status;
            }
            return wrap(status, "waiting on permit for pod").withPlugin(status.plugin());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.error(e);
        } finally {
            waitingPods.remove(uid);
        }
    }

    @Override
    public Status runPreBindPlugins(CycleState state, Pod pod, String nodeName) {
        for (PreBind plugin : this.<PreBind>plugins(ExtensionPoint.PRE_BIND)) {
            Status status = call(plugin, () -> plugin.preBind(state, pod, nodeName));
            if (!status.isSuccess()) {
                if (status.isRejected()) {
                    return status.withPlugin(plugin.name());
                }
                return wrap(status, "running PreBind plugin \"" + plugin.name() + "\"")
                        .withPlugin(plugin.name());
            }
        }
        return Status.success();
    }

    @Override
    public Status runBindPlugins(CycleState state, Pod pod, String nodeName) {
        Status status = Status.skip();
        for (Bind plugin : this.<Bind>plugins(ExtensionPoint.BIND)) {
            status = call(plugin, () -> plugin.bind(state, pod, nodeName));
            if (status.isSkip()) {
                continue;
            }
            if (!status.isSuccess()) {
                if (status.isRejected()) {
                    return status.withPlugin(plugin.name());
                }
                return wrap(status, "running Bind plugin \"" + plugin.name() + "\"")
                        .withPlugin(plugin.name());
            }
            return status;
        }
        return status;
    }

    @Override
    public void runPostBindPlugins(CycleState state, Pod pod, String nodeName) {
        for (PostBind plugin : this.<PostBind>plugins(ExtensionPoint.POST_BIND)) {
            call(plugin, () -> {
                plugin.postBind(state, pod, nodeName);
                return Status.success();
            });
        }
    }

    @Override
    public boolean hasFilterPlugins() {
        return !pluginsByPoint.get(ExtensionPoint.FILTER).isEmpty();
    }

    @Override
    public boolean hasPostFilterPlugins() {
        return !pluginsByPoint.get(ExtensionPoint.POST_FILTER).isEmpty();
    }

    @Override
    public boolean hasScorePlugins() {
        return !pluginsByPoint.get(ExtensionPoint.SCORE).isEmpty();
    }

    @Override
    public OptionalInt percentageOfNodesToScore() {
        return percentageOfNodesToScore == null ? OptionalInt.empty() : OptionalInt.of(percentageOfNodesToScore);
    }

    @Override
    public List<String> pluginNames(ExtensionPoint point) {
        List<String> names = new ArrayList<>();
        for (Plugin plugin : pluginsByPoint.get(point)) {
            names.add(plugin.name());
        }
        return names;
    }

    /** The score weight of a Score plugin in this profile. */
    public int scoreWeight(String plugin) {
        return scoreWeights.getOrDefault(plugin, 0);
    }

    @Override
    public Map<String, List<ClusterEventWithHint>> eventsToRegister() {
        return Map.copyOf(events);
    }

    @Override
    public void close() {
        ScheduledExecutorService running = timer;
        if (running != null) {
            running.shutdownNow();
        }
    }

    private ScheduledExecutorService timer() {
        ScheduledExecutorService running = timer;
        if (running == null) {
            synchronized (this) {
                running = timer;
                if (running == null) {
                    running = permitTimer.get();
                    timer = running;
                }
            }
        }
        return running;
    }

    /** Runs one plugin call, turning an exception or a null answer into an Error status. */
    private static Status call(Plugin plugin, Supplier<Status> invocation) {
        try {
            Status status = invocation.get();
            return status == null ? Status.error(plugin.name() + " returned no status") : status;
        } catch (RuntimeException e) {
            return Status.error(e);
        }
    }

    /** An Error status whose reason names where it happened, as Kubernetes wraps errors with %w. */
    private static Status wrap(Status status, String context) {
        return Status.error(new IllegalStateException(context + ": " + status.message(), status.error()));
    }

    /** Go's formatting of a string slice: [a b c]. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    /** Builds a {@link FrameworkRunner} for one profile. */
    public static final class Builder {
        private final PluginRegistry registry;
        private final ProfileConfig profile;
        private ProfileConfig defaults;
        private Snapshot snapshot = new Snapshot();
        private Parallelizer parallelizer;
        private PodNominator nominator;
        private Ports ports = Ports.none();

        private Builder(PluginRegistry registry, ProfileConfig profile) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.profile = Objects.requireNonNull(profile, "profile");
            this.defaults = ProfileConfig.named(profile.schedulerName());
        }

        /** The default plugin configuration the profile is merged over (none by default). */
        public Builder defaults(ProfileConfig defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /** The snapshot the scheduler cache keeps current; plugins read it through the handle. */
        public Builder snapshot(Snapshot snapshot) {
            this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
            return this;
        }

        public Builder parallelizer(Parallelizer parallelizer) {
            this.parallelizer = Objects.requireNonNull(parallelizer, "parallelizer");
            return this;
        }

        public Builder nominator(PodNominator nominator) {
            this.nominator = Objects.requireNonNull(nominator, "nominator");
            return this;
        }

        public Builder ports(Ports ports) {
            this.ports = Objects.requireNonNull(ports, "ports");
            return this;
        }

        /**
         * Instantiates the plugins and expands the profile.
         *
         * @throws IllegalArgumentException when the profile names unknown plugins, registers one twice,
         *     enables one at a point it does not implement, or gives invalid plugin arguments
         */
        public FrameworkRunner build() {
            if (parallelizer == null) {
                parallelizer = new Parallelizer(1);
            }
            if (nominator == null) {
                nominator = new PodNominations();
            }
            FrameworkRunner runner = new FrameworkRunner(this);
            runner.instantiate(this);
            return runner;
        }
    }
}
