package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES. STATUS is the
 * aggregate kubectl users know (Init:0/1, CrashLoopBackOff, Completed, Terminating, ...), worked out
 * from the container statuses exactly as printPod does.
 */
final class PodPrinter implements KindPrinter {

    private static final List<Column> COLUMNS = List.of(
            Column.objectName(),
            Column.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Column.string("Status", "The aggregate status of the containers in this pod."),
            Column.string(
                    "Restarts",
                    "The number of times the containers in this pod have been restarted and when the last container"
                            + " in this pod has restarted."),
            Column.age(),
            Column.string("IP", FieldDocs.POD_STATUS_POD_IP).wide(),
            Column.string("Node", FieldDocs.POD_SPEC_NODE_NAME).wide(),
            Column.string("Nominated Node", FieldDocs.POD_STATUS_NOMINATED_NODE_NAME)
                    .wide(),
            Column.string("Readiness Gates", FieldDocs.POD_SPEC_READINESS_GATES).wide());

    private static final List<Row.Condition> SUCCEEDED =
            List.of(new Row.Condition("Completed", "True", "Succeeded", "The pod has completed successfully."));
    private static final List<Row.Condition> FAILED =
            List.of(new Row.Condition("Completed", "True", "Failed", "The pod failed."));

    /** The reason the node lifecycle controller gives pods on a node that stopped reporting. */
    private static final String NODE_UNREACHABLE_REASON = "NodeLost";

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public Row row(JsonNode pod, PrintContext context) {
        JsonNode spec = Fields.at(pod, "spec");
        JsonNode status = Fields.at(pod, "status");
        String phase = Fields.text(status, "phase");
        ContainerSummary summary = summarize(spec, status);

        String reason = summary.reason();
        if (Fields.isDeleting(pod) && Fields.text(status, "reason").equals(NODE_UNREACHABLE_REASON)) {
            reason = "Unknown";
        } else if (Fields.isDeleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }

        String restarts = Long.toString(summary.restarts());
        if (summary.restarts() != 0 && summary.lastRestart() != null) {
            restarts = summary.restarts() + " (" + context.since(summary.lastRestart()) + " ago)";
        }

        List<Object> cells = List.of(
                Fields.name(pod),
                summary.ready() + "/" + summary.total(),
                reason,
                restarts,
                context.age(pod),
                Placeholders.orNone(podIp(status)),
                Placeholders.orNone(Fields.text(spec, "nodeName")),
                Placeholders.orNone(Fields.text(status, "nominatedNodeName")),
                readinessGates(spec, status));
        List<Row.Condition> conditions = switch (phase) {
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> List.of();
        };
        return new Row(cells, conditions);
    }

    /** What the container statuses add up to: READY counts, RESTARTS and the STATUS reason. */
    private record ContainerSummary(int ready, int total, long restarts, Instant lastRestart, String reason) {}

    private static ContainerSummary summarize(JsonNode spec, JsonNode status) {
        String reason = Fields.text(status, "phase");
        if (!Fields.text(status, "reason").isEmpty()) {
            reason = Fields.text(status, "reason");
        }
        for (JsonNode condition : Fields.list(status, "conditions")) {
            if (Fields.text(condition, "type").equals("PodScheduled")
                    && Fields.text(condition, "reason").equals("SchedulingGated")) {
                reason = "SchedulingGated";
            }
        }

        List<JsonNode> initContainers = Fields.list(spec, "initContainers");
        Map<String, JsonNode> initContainersByName = new HashMap<>();
        int total = Fields.size(spec, "containers");
        for (JsonNode initContainer : initContainers) {
            initContainersByName.put(Fields.text(initContainer, "name"), initContainer);
            if (isRestartable(initContainer)) {
                total++;
            }
        }

        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        List<JsonNode> initStatuses = Fields.list(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode container = initStatuses.get(i);
            long restartCount = Fields.integer(container, "restartCount");
            Instant finished = lastTermination(container);
            restarts += restartCount;
            lastRestart = later(lastRestart, finished);
            boolean restartable = isRestartable(initContainersByName.get(Fields.text(container, "name")));
            if (restartable) {
                sidecarRestarts += restartCount;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = Fields.at(container, "state", "terminated");
            String waitingReason = Fields.text(container, "state", "waiting", "reason");
            if (terminated.isObject() && Fields.integer(terminated, "exitCode") == 0) {
                continue;
            } else if (restartable && Fields.bool(container, "started")) {
                if (Fields.bool(container, "ready")) {
                    ready++;
                }
                continue;
            } else if (terminated.isObject()) {
                reason = "Init:" + terminationReason(terminated);
            } else if (!waitingReason.isEmpty() && !waitingReason.equals("PodInitializing")) {
                reason = "Init:" + waitingReason;
            } else {
                reason = "Init:" + i + "/" + initContainers.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || isInitialized(status)) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> containerStatuses = Fields.list(status, "containerStatuses");
            // Walked backwards, as Kubernetes does, so the first container's state wins the STATUS.
            for (int i = containerStatuses.size() - 1; i >= 0; i--) {
                JsonNode container = containerStatuses.get(i);
                restarts += Fields.integer(container, "restartCount");
                lastRestart = later(lastRestart, lastTermination(container));
                JsonNode terminated = Fields.at(container, "state", "terminated");
                String waitingReason = Fields.text(container, "state", "waiting", "reason");
                if (!waitingReason.isEmpty()) {
                    reason = waitingReason;
                } else if (terminated.isObject()) {
                    reason = terminationReason(terminated);
                } else if (Fields.bool(container, "ready") && Fields.has(container, "state", "running")) {
                    hasRunning = true;
                    ready++;
                }
            }
            // A pod whose first container completed while another still runs is not done yet.
            if (reason.equals("Completed") && hasRunning) {
                reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }
        return new ContainerSummary(ready, total, restarts, lastRestart, reason);
    }

    /** A sidecar: an init container that keeps running, restarted like a regular container. */
    private static boolean isRestartable(JsonNode initContainer) {
        return initContainer != null
                && Fields.text(initContainer, "restartPolicy").equals("Always");
    }

    private static Instant lastTermination(JsonNode containerStatus) {
        return PrintContext.instant(Fields.at(containerStatus, "lastState", "terminated", "finishedAt"));
    }

    private static Instant later(Instant current, Instant candidate) {
        return candidate != null && (current == null || current.isBefore(candidate)) ? candidate : current;
    }

    /** The terminated state's reason, or its signal or exit code when the runtime gave no reason. */
    private static String terminationReason(JsonNode terminated) {
        String reason = Fields.text(terminated, "reason");
        if (!reason.isEmpty()) {
            return reason;
        }
        long signal = Fields.integer(terminated, "signal");
        return signal != 0 ? "Signal:" + signal : "ExitCode:" + Fields.integer(terminated, "exitCode");
    }

    private static boolean isInitialized(JsonNode status) {
        for (JsonNode condition : Fields.list(status, "conditions")) {
            if (Fields.text(condition, "type").equals("Initialized")) {
                return Fields.text(condition, "status").equals("True");
            }
        }
        return false;
    }

    private static boolean hasCondition(JsonNode status, String type) {
        return Fields.list(status, "conditions").stream()
                .anyMatch(condition -> Fields.text(condition, "type").equals(type)
                        && Fields.text(condition, "status").equals("True"));
    }

    /** The primary pod IP; decoding a v1 pod fills podIPs from podIP when only the latter is set. */
    private static String podIp(JsonNode status) {
        List<JsonNode> podIps = Fields.list(status, "podIPs");
        return podIps.isEmpty() ? Fields.text(status, "podIP") : Fields.text(podIps.get(0), "ip");
    }

    /** READINESS GATES: how many of the gates' conditions are True, "&lt;none&gt;" without gates. */
    private static String readinessGates(JsonNode spec, JsonNode status) {
        List<JsonNode> gates = Fields.list(spec, "readinessGates");
        if (gates.isEmpty()) {
            return Placeholders.NONE;
        }
        List<JsonNode> conditions = Fields.list(status, "conditions");
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            String type = Fields.text(gate, "conditionType");
            for (JsonNode condition : conditions) {
                if (Fields.text(condition, "type").equals(type)) {
                    if (Fields.text(condition, "status").equals("True")) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }
}
