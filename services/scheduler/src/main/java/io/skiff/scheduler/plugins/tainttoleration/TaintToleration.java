package io.skiff.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.skiff.model.scheduling.Taints;
import io.skiff.scheduler.framework.ActionType;
import io.skiff.scheduler.framework.ClusterEvent;
import io.skiff.scheduler.framework.ClusterEventWithHint;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.EnqueueExtensions;
import io.skiff.scheduler.framework.EventResource;
import io.skiff.scheduler.framework.Filter;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeScore;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.PreScore;
import io.skiff.scheduler.framework.QueueingHint;
import io.skiff.scheduler.framework.Score;
import io.skiff.scheduler.framework.ScoreExtensions;
import io.skiff.scheduler.framework.StateData;
import io.skiff.scheduler.framework.StateKey;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.helper.ScoreNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Taints and tolerations: a node's NoSchedule and NoExecute taints keep off pods that do not
 * tolerate them; each PreferNoSchedule taint the pod does not tolerate lowers the node's score.
 */
public final class TaintToleration implements Filter, PreScore, Score, ScoreExtensions, EnqueueExtensions {

    private static final StateKey<PreScoreState> PRE_SCORE_KEY =
            StateKey.of("PreScore" + Plugins.TAINT_TOLERATION, PreScoreState.class);

    /** The pod's tolerations that can tolerate PreferNoSchedule taints (effect empty or PreferNoSchedule). */
    private record PreScoreState(List<Toleration> tolerationsPreferNoSchedule) implements StateData {
        @Override
        public StateData copy() {
            return this;
        }
    }

    @Override
    public String name() {
        return Plugins.TAINT_TOLERATION;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo nodeInfo) {
        Optional<Taint> untolerated = Taints.findUntolerated(
                nodeInfo.node().getSpec() == null
                        ? null
                        : nodeInfo.node().getSpec().getTaints(),
                pod.getSpec().getTolerations(),
                Taints.DO_NOT_SCHEDULE);
        if (untolerated.isEmpty()) {
            return Status.success();
        }
        Taint taint = untolerated.get();
        return Status.unschedulableAndUnresolvable(
                "node(s) had untolerated taint {" + orEmpty(taint.getKey()) + ": " + orEmpty(taint.getValue()) + "}");
    }

    @Override
    public Status preScore(CycleState state, Pod pod, List<NodeInfo> feasibleNodes) {
        state.write(PRE_SCORE_KEY, new PreScoreState(preferNoScheduleTolerations(pod)));
        return Status.success();
    }

    /** The number of PreferNoSchedule taints the pod does not tolerate; normalised in reverse. */
    @Override
    public long score(CycleState state, Pod pod, NodeInfo nodeInfo) {
        List<Toleration> tolerations = state.read(PRE_SCORE_KEY)
                .map(PreScoreState::tolerationsPreferNoSchedule)
                .orElseGet(() -> preferNoScheduleTolerations(pod));
        Node node = nodeInfo.node();
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return 0;
        }
        long intolerable = 0;
        for (Taint taint : node.getSpec().getTaints()) {
            if (Taints.PREFER_NO_SCHEDULE.equals(taint.getEffect()) && !Taints.tolerated(tolerations, taint)) {
                intolerable++;
            }
        }
        return intolerable;
    }

    @Override
    public Optional<ScoreExtensions> scoreExtensions() {
        return Optional.of(this);
    }

    @Override
    public Status normalizeScore(CycleState state, Pod pod, List<NodeScore> scores) {
        ScoreNormalizer.normalize(MAX_NODE_SCORE, true, scores);
        return Status.success();
    }

    /** A node gaining tolerable taints (or a new node) and the pod gaining tolerations may help. */
    @Override
    public List<ClusterEventWithHint> eventsToRegister() {
        return List.of(
                new ClusterEventWithHint(
                        ClusterEvent.of(EventResource.NODE, ActionType.ADD, ActionType.UPDATE_NODE_TAINT),
                        TaintToleration::afterNodeChange),
                new ClusterEventWithHint(
                        ClusterEvent.of(EventResource.UNSCHEDULED_POD, ActionType.UPDATE_POD_TOLERATION),
                        (pod, oldObject, newObject) -> QueueingHint.QUEUE));
    }

    private static QueueingHint afterNodeChange(Pod pod, Object oldObject, Object newObject) {
        if (!(newObject instanceof Node)) {
            return QueueingHint.SKIP;
        }
        boolean toleratedNow = tolerates(pod, (Node) newObject);
        boolean toleratedBefore = oldObject instanceof Node && tolerates(pod, (Node) oldObject);
        return toleratedNow && !toleratedBefore ? QueueingHint.QUEUE : QueueingHint.SKIP;
    }

    private static boolean tolerates(Pod pod, Node node) {
        return Taints.findUntolerated(
                        node.getSpec() == null ? null : node.getSpec().getTaints(),
                        pod.getSpec().getTolerations(),
                        Taints.DO_NOT_SCHEDULE)
                .isEmpty();
    }

    private static List<Toleration> preferNoScheduleTolerations(Pod pod) {
        List<Toleration> matching = new ArrayList<>();
        if (pod.getSpec().getTolerations() != null) {
            for (Toleration toleration : pod.getSpec().getTolerations()) {
                String effect = toleration.getEffect();
                if (effect == null || effect.isEmpty() || Objects.equals(effect, Taints.PREFER_NO_SCHEDULE)) {
                    matching.add(toleration);
                }
            }
        }
        return List.copyOf(matching);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
