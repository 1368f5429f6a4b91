package io.skiff.scheduler.plugins.defaultpreemption;

import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "0/5 nodes are available: 2 reason, 3 other reason." message of Kubernetes' FitError: each
 * reason counted over the nodes that gave it (nodes without an explicit status count with the
 * absent-nodes status), "count reason" entries sorted as strings.
 */
final class FitErrorMessage {

    private FitErrorMessage() {}

    static String of(int allNodes, NodeToStatus statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        statuses.forEachExplicitNode((node, status) -> {
            for (String reason : status.reasons()) {
                counts.merge(reason, 1, Integer::sum);
            }
        });
        int absent = allNodes - statuses.size();
        if (absent > 0) {
            for (String reason : statuses.absentNodesStatus().reasons()) {
                counts.merge(reason, absent, Integer::sum);
            }
        }
        List<String> histogram = new ArrayList<>();
        counts.forEach((reason, count) -> histogram.add(count + " " + reason));
        histogram.sort(null);
        StringBuilder message = new StringBuilder("0/").append(allNodes).append(" nodes are available:");
        if (!histogram.isEmpty()) {
            message.append(' ').append(String.join(", ", histogram)).append('.');
        }
        return message.toString();
    }

    /** An UnschedulableAndUnresolvable status with one reason, for the nodes preemption did not try. */
    static Status notHelpful() {
        return Status.unschedulableAndUnresolvable(DefaultPreemption.REASON_NOT_HELPFUL);
    }
}
