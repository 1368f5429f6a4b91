package io.skiff.apiserver.printing;

import java.util.List;

/** The scheduling.k8s.io group: priority classes. */
final class SchedulingPrinters {

    static final KindPrinter PRIORITY_CLASS = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.integer("Value", FieldDocs.PRIORITY_CLASS_VALUE),
                    Column.bool("Global-Default", FieldDocs.PRIORITY_CLASS_GLOBAL_DEFAULT),
                    Column.age(),
                    // Kubernetes prints this one in wide mode yet declares it at priority 0.
                    Column.string("PreemptionPolicy", FieldDocs.PRIORITY_CLASS_PREEMPTION_POLICY)),
            (priorityClass, context) -> List.of(
                    Fields.name(priorityClass),
                    Fields.integer(priorityClass, "value"),
                    Fields.bool(priorityClass, "globalDefault"),
                    context.age(priorityClass),
                    Fields.text(priorityClass, "preemptionPolicy")));

    private SchedulingPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("scheduling.k8s.io", "PriorityClass", PRIORITY_CLASS);
    }
}
