package io.skiff.scheduler.framework;

import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a PreFilter plugin answers: a {@link Status} and, on success, optionally the only nodes
 * worth filtering (NodeAffinity narrows to the names in a {@code metadata.name} field selector, so
 * other nodes are never visited). A null node set means "all nodes".
 */
public record PreFilterResult(Status status, Set<String> nodeNames) {

    private static final PreFilterResult ALL_NODES = new PreFilterResult(Status.success(), null);

    public PreFilterResult {
        Objects.requireNonNull(status, "status");
        nodeNames = nodeNames == null ? null : Collections.unmodifiableSet(new HashSet<>(nodeNames));
    }

    /** Success, every node may be filtered. */
    public static PreFilterResult success() {
        return ALL_NODES;
    }

    /** Success, but only the named nodes can possibly fit. */
    public static PreFilterResult onlyNodes(Set<String> nodeNames) {
        return new PreFilterResult(Status.success(), Objects.requireNonNull(nodeNames, "nodeNames"));
    }

    /** The plugin has nothing to check for this pod: its Filter is skipped this cycle. */
    public static PreFilterResult skip() {
        return new PreFilterResult(Status.skip(), null);
    }

    /** A failure (rejection or error) with no narrowing. */
    public static PreFilterResult failed(Status status) {
        return new PreFilterResult(status, null);
    }

    /** Whether every node remains a candidate. */
    public boolean allNodes() {
        return nodeNames == null;
    }

    /** The intersection of two narrowings, as Kubernetes' PreFilterResult.Merge. */
    public Set<String> mergeNodeNames(Set<String> other) {
        if (nodeNames == null) {
            return other;
        }
        if (other == null) {
            return nodeNames;
        }
        Set<String> both = new HashSet<>(nodeNames);
        both.retainAll(other);
        return both;
    }
}
