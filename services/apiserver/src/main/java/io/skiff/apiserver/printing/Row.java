package io.skiff.apiserver.printing;

import java.util.List;

/**
 * The printed part of one Table row: its cells, in column order, and the row conditions
 * (metav1.TableRowCondition) Kubernetes attaches to finished pods. Cells are {@link String}, {@link
 * Long} or {@link Boolean}, as they serialize in Kubernetes.
 */
record Row(List<Object> cells, List<Condition> conditions) {

    Row {
        cells = List.copyOf(cells);
        conditions = List.copyOf(conditions);
    }

    /** A metav1.TableRowCondition. */
    record Condition(String type, String status, String reason, String message) {}
}
