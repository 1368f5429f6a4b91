package io.skiff.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.skiff.model.time.KubeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status conditions a terminating namespace carries (status_condition_utils.go): each of the
 * five deletion conditions is True with a reason saying what went wrong, or False with its "all
 * went well" reason. Failures are collected during one deletion pass and applied at its end.
 */
final class NamespaceConditions {

    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private static final List<String> TYPES = List.of(
            DISCOVERY_FAILURE, GROUP_VERSION_PARSING_FAILURE, CONTENT_FAILURE, CONTENT_REMAINING, FINALIZERS_REMAINING);

    private static final Map<String, String> OK_REASONS = Map.of(
            DISCOVERY_FAILURE, "ResourcesDiscovered",
            GROUP_VERSION_PARSING_FAILURE, "ParsedGroupVersions",
            CONTENT_FAILURE, "ContentDeleted",
            CONTENT_REMAINING, "ContentRemoved",
            FINALIZERS_REMAINING, "ContentRemoved");

    private static final Map<String, String> OK_MESSAGES = Map.of(
            DISCOVERY_FAILURE, "All resources successfully discovered",
            GROUP_VERSION_PARSING_FAILURE, "All legacy kube types successfully parsed",
            CONTENT_FAILURE, "All content successfully deleted, may be waiting on finalization",
            CONTENT_REMAINING, "All content successfully removed",
            FINALIZERS_REMAINING, "All content successfully removed");

    private final Instant now;
    private final List<NamespaceCondition> failures = new ArrayList<>();
    private final List<String> deleteContentErrors = new ArrayList<>();

    NamespaceConditions(Instant now) {
        this.now = now;
    }

    void discoveryFailed(String message) {
        failures.add(condition(DISCOVERY_FAILURE, "True", "DiscoveryFailed", message));
    }

    void deleteContentFailed(String message) {
        deleteContentErrors.add(message);
    }

    /**
     * What is left: "pods. has 1 resource instances" per resource (resource.group, as Kubernetes
     * writes it) and "example.com/x in 1 resource instances" per finalizer, each list sorted.
     */
    void contentRemaining(List<String> remainingResources, List<String> remainingByFinalizer) {
        if (!remainingResources.isEmpty()) {
            List<String> sorted = new ArrayList<>(remainingResources);
            sorted.sort(null);
            failures.add(condition(
                    CONTENT_REMAINING,
                    "True",
                    "SomeResourcesRemain",
                    "Some resources are remaining: " + String.join(", ", sorted)));
        }
        if (!remainingByFinalizer.isEmpty()) {
            List<String> sorted = new ArrayList<>(remainingByFinalizer);
            sorted.sort(null);
            failures.add(condition(
                    FINALIZERS_REMAINING,
                    "True",
                    "SomeFinalizerRemain",
                    "Some finalizers are remaining: " + String.join(", ", sorted)));
        }
    }

    /** Writes the conditions into {@code status}; true when anything changed. */
    boolean applyTo(NamespaceStatus status) {
        if (find(failures, CONTENT_FAILURE).isEmpty() && !deleteContentErrors.isEmpty()) {
            List<String> sorted = new ArrayList<>(deleteContentErrors);
            sorted.sort(null);
            failures.add(condition(
                    CONTENT_FAILURE,
                    "True",
                    "ContentDeletionFailed",
                    "Failed to delete all resource types, " + sorted.size() + " remaining: "
                            + String.join(", ", sorted)));
        }
        List<NamespaceCondition> conditions =
                status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        boolean changed = false;
        for (String type : TYPES) {
            NamespaceCondition wanted = find(failures, type)
                    .orElseGet(() -> condition(type, "False", OK_REASONS.get(type), OK_MESSAGES.get(type)));
            Optional<NamespaceCondition> old = find(conditions, type);
            if (old.isEmpty()) {
                conditions.add(wanted);
                changed = true;
                continue;
            }
            NamespaceCondition existing = old.get();
            if (!Objects.equals(existing.getStatus(), wanted.getStatus())
                    || !Objects.equals(existing.getReason(), wanted.getReason())
                    || !Objects.equals(existing.getMessage(), wanted.getMessage())) {
                if (!Objects.equals(existing.getStatus(), wanted.getStatus())) {
                    existing.setLastTransitionTime(KubeTimes.time(now));
                }
                existing.setStatus(wanted.getStatus());
                existing.setReason(wanted.getReason());
                existing.setMessage(wanted.getMessage());
                changed = true;
            }
        }
        status.setConditions(conditions);
        return changed;
    }

    private NamespaceCondition condition(String type, String status, String reason, String message) {
        return new NamespaceConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withLastTransitionTime(KubeTimes.time(now))
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    private static Optional<NamespaceCondition> find(List<NamespaceCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
