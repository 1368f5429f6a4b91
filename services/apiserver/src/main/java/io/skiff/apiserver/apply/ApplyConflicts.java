package io.skiff.apiserver.apply;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The 409 an apply gets for fields other managers own with other values, worded as Kubernetes does. */
final class ApplyConflicts {

    private final List<Conflict> conflicts = new ArrayList<>();

    private record Conflict(ManagedFieldsEntry owner, List<String> path) {}

    void add(ManagedFieldsEntry owner, FieldSet fields) {
        fields.paths().forEach(path -> conflicts.add(new Conflict(owner, path)));
    }

    boolean isEmpty() {
        return conflicts.isEmpty();
    }

    /** The conflicts on paths outside {@code allowed}. */
    ApplyConflicts without(FieldSet allowed) {
        ApplyConflicts remaining = new ApplyConflicts();
        for (Conflict conflict : conflicts) {
            if (!allowed.contains(conflict.path())) {
                remaining.conflicts.add(conflict);
            }
        }
        return remaining;
    }

    ApiException toException() {
        List<Conflict> sorted = new ArrayList<>(conflicts);
        sorted.sort(Comparator.comparing((Conflict c) -> c.owner().describe()));
        List<StatusCause> causes = new ArrayList<>();
        for (Conflict conflict : sorted) {
            StatusCause cause = new StatusCause();
            cause.setReason("FieldManagerConflict");
            cause.setMessage("conflict with " + conflict.owner().describe());
            cause.setField(PathElements.render(conflict.path()));
            causes.add(cause);
        }
        StatusDetails details = new StatusDetails();
        details.setCauses(causes);
        return Statuses.failure(409, "Conflict", message(sorted), details);
    }

    private static String message(List<Conflict> sorted) {
        if (sorted.size() == 1) {
            Conflict only = sorted.get(0);
            return "Apply failed with 1 conflict: conflict with " + only.owner().describe() + ": "
                    + PathElements.render(only.path());
        }
        List<String> lines = new ArrayList<>();
        String previous = null;
        for (Conflict conflict : sorted) {
            String owner = conflict.owner().describe();
            if (!owner.equals(previous)) {
                lines.add("conflicts with " + owner + ":");
                previous = owner;
            }
            lines.add("- " + PathElements.render(conflict.path()));
        }
        return "Apply failed with " + sorted.size() + " conflicts: " + String.join("\n", lines);
    }
}
