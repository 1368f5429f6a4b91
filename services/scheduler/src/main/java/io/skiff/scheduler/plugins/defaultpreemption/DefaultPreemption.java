package io.skiff.scheduler.plugins.defaultpreemption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Handle;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.PluginFactory;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PodInfo;
import io.skiff.scheduler.framework.PostFilter;
import io.skiff.scheduler.framework.PostFilterResult;
import io.skiff.scheduler.framework.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' DefaultPreemption PostFilter plugin.
 *
 * <p>For a pod no node fits: if it may preempt (preemptionPolicy is not Never, and pods it already
 * preempted are not still terminating on its nominated node), dry-run every node that failed
 * filtering as Unschedulable, starting at a random offset and stopping once enough candidates are
 * found: remove all lower-priority pods (through the PreFilter extensions, on a copy of the node
 * and the cycle state), re-run the filters with nominated pods, then add back ("reprieve") as many
 * as still fit, most important first, PDB-violating ones before the others. Pick the best candidate
 * node, evict its victims through the {@link Preemptor}, clear the nominations of lower-priority
 * pods on it, and nominate the pod there.
 */
public final class DefaultPreemption implements PostFilter {

    public static final String NAME = Plugins.DEFAULT_PREEMPTION;

    /** A node where removing every lower-priority pod still would not help. */
    public static final String REASON_NO_VICTIMS = "No preemption victims found for incoming pod";
    /** The status of nodes preemption did not try: they failed for reasons evicting pods cannot fix. */
    public static final String REASON_NOT_HELPFUL = "Preemption is not helpful for scheduling";

    private static final Logger log = LoggerFactory.getLogger(DefaultPreemption.class);

    private final DefaultPreemptionArgs args;
    private final Handle handle;
    private final PodDisruptionBudgetLister budgets;
    private final Preemptor preemptor;
    private final IntUnaryOperator randomOffset;
    private final Clock clock;

    public DefaultPreemption(
            DefaultPreemptionArgs args, Handle handle, PodDisruptionBudgetLister budgets, Preemptor preemptor) {
        this(
                args,
                handle,
                budgets,
                preemptor,
                bound -> ThreadLocalRandom.current().nextInt(bound),
                Clock.systemUTC());
    }

    /**
     * @param randomOffset picks where in [0, bound) the dry run starts, so that preemptions spread over
     *     the cluster; tests fix it
     */
    DefaultPreemption(
            DefaultPreemptionArgs args,
            Handle handle,
            PodDisruptionBudgetLister budgets,
            Preemptor preemptor,
            IntUnaryOperator randomOffset,
            Clock clock) {
        this.args = args;
        this.handle = handle;
        this.budgets = budgets;
        this.preemptor = preemptor;
        this.randomOffset = randomOffset;
        this.clock = clock;
    }

    /** Builds the plugin; needs a {@link PodDisruptionBudgetLister} and a {@link Preemptor} in the Ports. */
    public static PluginFactory factory() {
        return (pluginArgs, handle) -> new DefaultPreemption(
                pluginArgs.as(DefaultPreemptionArgs.class, DefaultPreemptionArgs::defaults),
                handle,
                handle.port(PodDisruptionBudgetLister.class),
                handle.port(Preemptor.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PostFilterResult postFilter(CycleState state, Pod pod, NodeToStatus filteredNodeStatuses) {
        PostFilterResult result = preempt(state, pod, filteredNodeStatuses);
        if (result.status().message().isEmpty()) {
            return result;
        }
        return new PostFilterResult(result.status().prependReason("preemption"), result.nominatingInfo());
    }

    private PostFilterResult preempt(CycleState state, Pod pod, NodeToStatus statuses) {
        Optional<String> ineligible = ineligibility(pod, statuses);
        if (ineligible.isPresent()) {
            return PostFilterResult.failed(Status.unschedulable(ineligible.get()));
        }
        List<NodeInfo> allNodes = handle.snapshot().nodeInfos();
        if (allNodes.isEmpty()) {
            return PostFilterResult.failed(Status.error("no nodes available"));
        }
        Instant now = clock.instant();
        DryRun dryRun = findCandidates(state, pod, statuses, now);
        if (dryRun.candidates().isEmpty()) {
            if (!dryRun.errors().isEmpty()) {
                return PostFilterResult.failed(Status.error(String.join("; ", dryRun.errors())));
            }
            dryRun.statuses().setAbsentNodesStatus(FitErrorMessage.notHelpful());
            // the pod has nowhere to go: clear a nomination it may carry from an earlier preemption
            return new PostFilterResult(
                    Status.unschedulable(FitErrorMessage.of(allNodes.size(), dryRun.statuses())),
                    NominatingInfo.override(""));
        }
        Candidate best = CandidatePicker.pick(dryRun.candidates(), now);
        Status prepared = evictVictims(best, pod);
        if (!prepared.isSuccess()) {
            return PostFilterResult.failed(prepared);
        }
        return PostFilterResult.nominated(best.nodeName());
    }

    /** Why the pod may not preempt, as Kubernetes' PodEligibleToPreemptOthers; empty when it may. */
    private Optional<String> ineligibility(Pod pod, NodeToStatus statuses) {
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return Optional.of("not eligible due to preemptionPolicy=Never.");
        }
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated == null || nominated.isEmpty()) {
            return Optional.empty();
        }
        // the nominated node no longer fits at all: preempting elsewhere is the only way forward
        if (statuses.get(nominated).code() == Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return Optional.empty();
        }
        NodeInfo nodeInfo = handle.snapshot().get(nominated);
        if (nodeInfo != null) {
            int priority = PodPriorities.priority(pod);
            for (PodInfo other : nodeInfo.pods()) {
                if (PodPriorities.priority(other.pod()) < priority
                        && PodPriorities.isTerminatingByPreemption(other.pod())) {
                    return Optional.of("not eligible due to a terminating pod on the nominated node.");
                }
            }
        }
        return Optional.empty();
    }

    /** The candidates found, the status of every node tried that is not one, and errors met on the way. */
    private record DryRun(List<Candidate> candidates, NodeToStatus statuses, List<String> errors) {}

    private DryRun findCandidates(CycleState state, Pod pod, NodeToStatus statuses, Instant now) {
        List<NodeInfo> potential = statuses.nodesWithCode(handle.snapshot(), Status.Code.UNSCHEDULABLE);
        if (potential.isEmpty()) {
            clearNomination(pod);
            return new DryRun(List.of(), new NodeToStatus(), List.of());
        }
        List<PodDisruptionBudget> pdbs = budgets.list();
        int offset = randomOffset.applyAsInt(potential.size());
        int wanted = args.candidatesToFind(potential.size());
        CandidateList nonViolating = new CandidateList(wanted);
        CandidateList violating = new CandidateList(wanted);
        NodeToStatus nodeStatuses = new NodeToStatus();
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicBoolean enough = new AtomicBoolean();
        handle.parallelizer()
                .until(
                        potential.size(),
                        i -> {
                            NodeInfo nodeInfo = potential
                                    .get((offset + i) % potential.size())
                                    .snapshot();
                            VictimSelection selection = selectVictims(state.copy(), pod, nodeInfo, pdbs, now);
                            Status status = selection.status();
                            if (status.isSuccess()
                                    && !selection.victims().pods().isEmpty()) {
                                Candidate candidate = new Candidate(nodeInfo.nodeName(), selection.victims());
                                (candidate.victims().pdbViolations() == 0 ? nonViolating : violating).add(candidate);
                                if (nonViolating.size() > 0 && nonViolating.size() + violating.size() >= wanted) {
                                    enough.set(true);
                                }
                                return;
                            }
                            if (status.isSuccess()) {
                                status = Status.error(
                                        "expected at least one victim pod on node \"" + nodeInfo.nodeName() + "\"");
                            }
                            if (status.code() == Status.Code.ERROR) {
                                errors.add(status.message());
                            }
                            nodeStatuses.set(nodeInfo.nodeName(), status);
                        },
                        enough::get);
        List<Candidate> candidates = new ArrayList<>(nonViolating.get());
        candidates.addAll(violating.get());
        return new DryRun(candidates, nodeStatuses, errors);
    }

    private record VictimSelection(Victims victims, Status status) {
        static VictimSelection failed(Status status) {
            return new VictimSelection(new Victims(List.of(), 0), status);
        }
    }

    /**
     * The fewest victims on one node (a private copy, with a private copy of the cycle state) whose
     * eviction makes the pod fit: SelectVictimsOnNode.
     */
    private VictimSelection selectVictims(
            CycleState state, Pod pod, NodeInfo nodeInfo, List<PodDisruptionBudget> pdbs, Instant now) {
        int priority = PodPriorities.priority(pod);
        List<PodInfo> potentialVictims = new ArrayList<>();
        for (PodInfo other : List.copyOf(nodeInfo.pods())) {
            if (PodPriorities.priority(other.pod()) < priority) {
                potentialVictims.add(other);
                Status removed = remove(state, pod, other, nodeInfo);
                if (!removed.isSuccess()) {
                    return VictimSelection.failed(removed);
                }
            }
        }
        if (potentialVictims.isEmpty()) {
            return VictimSelection.failed(Status.unschedulableAndUnresolvable(REASON_NO_VICTIMS));
        }
        // Not fitting without every lower-priority pod ends it; a pod failing on affinity to one of
        // its victims is not worth the cost of finding out, as in Kubernetes.
        Status fits = handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
        if (!fits.isSuccess()) {
            return VictimSelection.failed(fits);
        }
        Comparator<Pod> mostImportantFirst = PodPriorities.mostImportantFirst(now);
        potentialVictims.sort(Comparator.comparing(PodInfo::pod, mostImportantFirst));
        DisruptionBudgets.Split split = DisruptionBudgets.split(potentialVictims, pdbs);
        List<Pod> victims = new ArrayList<>();
        int violations = 0;
        for (PodInfo candidate : split.violating()) {
            Reprieve reprieve = reprieve(state, pod, candidate, nodeInfo);
            if (reprieve.error() != null) {
                return VictimSelection.failed(reprieve.error());
            }
            if (!reprieve.fits()) {
                victims.add(candidate.pod());
                violations++;
            }
        }
        for (PodInfo candidate : split.nonViolating()) {
            Reprieve reprieve = reprieve(state, pod, candidate, nodeInfo);
            if (reprieve.error() != null) {
                return VictimSelection.failed(reprieve.error());
            }
            if (!reprieve.fits()) {
                victims.add(candidate.pod());
            }
        }
        victims.sort(mostImportantFirst);
        return new VictimSelection(new Victims(victims, violations), Status.success());
    }

    private record Reprieve(boolean fits, Status error) {}

    /** Puts the pod back; if the preemptor no longer fits, takes it out again for good (it is a victim). */
    private Reprieve reprieve(CycleState state, Pod pod, PodInfo candidate, NodeInfo nodeInfo) {
        nodeInfo.addPodInfo(candidate);
        Status added = handle.runPreFilterExtensionAddPod(state, pod, candidate, nodeInfo);
        if (!added.isSuccess()) {
            return new Reprieve(false, added);
        }
        boolean fits =
                handle.runFilterPluginsWithNominatedPods(state, pod, nodeInfo).isSuccess();
        if (!fits) {
            Status removed = remove(state, pod, candidate, nodeInfo);
            if (!removed.isSuccess()) {
                return new Reprieve(false, removed);
            }
        }
        return new Reprieve(fits, null);
    }

    private Status remove(CycleState state, Pod pod, PodInfo victim, NodeInfo nodeInfo) {
        nodeInfo.removePod(victim.pod());
        return handle.runPreFilterExtensionRemovePod(state, pod, victim, nodeInfo);
    }

    /**
     * Evicts the chosen node's victims (a victim still waiting at Permit is rejected there instead),
     * then clears the nominations of lower-priority pods on the node: they may no longer fit there.
     */
    private Status evictVictims(Candidate candidate, Pod pod) {
        List<Pod> victims = candidate.victims().pods();
        try {
            handle.parallelizer().until(victims.size(), i -> {
                Pod victim = victims.get(i);
                handle.waitingPod(victim.getMetadata().getUid())
                        .ifPresentOrElse(
                                waiting -> waiting.reject(NAME, "preempted"),
                                () -> preemptor.preempt(pod, victim, candidate.nodeName()));
            });
        } catch (RuntimeException e) {
            return Status.error(e);
        }
        int priority = PodPriorities.priority(pod);
        for (PodInfo nominated : handle.podNominator().nominatedPodsForNode(candidate.nodeName())) {
            if (PodPriorities.priority(nominated.pod()) < priority) {
                clearNomination(nominated.pod());
            }
        }
        return Status.success();
    }

    /** Best effort, as in Kubernetes: a nomination left behind only delays the pod's next attempt. */
    private void clearNomination(Pod pod) {
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated == null || nominated.isEmpty()) {
            return;
        }
        try {
            preemptor.clearNominatedNodeName(pod);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not clear the nominated node of pod {}/{}",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    e);
        }
    }

    /** A bounded list the dry-run workers add to concurrently; additions past the capacity are dropped. */
    private static final class CandidateList {
        private final AtomicReferenceArray<Candidate> items;
        private final AtomicInteger next = new AtomicInteger();

        CandidateList(int capacity) {
            this.items = new AtomicReferenceArray<>(capacity);
        }

        void add(Candidate candidate) {
            int index = next.getAndIncrement();
            if (index < items.length()) {
                items.set(index, candidate);
            }
        }

        int size() {
            return Math.min(next.get(), items.length());
        }

        List<Candidate> get() {
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                Candidate candidate = items.get(i);
                if (candidate != null) {
                    candidates.add(candidate);
                }
            }
            return candidates;
        }
    }
}
