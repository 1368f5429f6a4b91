package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The flowcontrol.apiserver.k8s.io group: flow schemas and priority level configurations. */
final class FlowControlPrinters {

    private static final String NONE = "<none>";

    static final KindPrinter FLOW_SCHEMA = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("PriorityLevel", FieldDocs.FLOW_SCHEMA_PRIORITY_LEVEL),
                    Column.string("MatchingPrecedence", FieldDocs.FLOW_SCHEMA_MATCHING_PRECEDENCE),
                    Column.string("DistinguisherMethod", FieldDocs.FLOW_SCHEMA_DISTINGUISHER_METHOD),
                    Column.age(),
                    Column.string("MissingPL", FieldDocs.FLOW_SCHEMA_MISSING_PRIORITY_LEVEL)),
            (schema, context) -> List.of(
                    Fields.name(schema),
                    Fields.text(schema, "spec", "priorityLevelConfiguration", "name"),
                    Fields.integer(schema, "spec", "matchingPrecedence"),
                    Fields.has(schema, "spec", "distinguisherMethod")
                            ? Fields.text(schema, "spec", "distinguisherMethod", "type")
                            : NONE,
                    context.age(schema),
                    missingPriorityLevel(schema)));

    static final KindPrinter PRIORITY_LEVEL_CONFIGURATION = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Type", FieldDocs.PRIORITY_LEVEL_TYPE),
                    Column.string("NominalConcurrencyShares", FieldDocs.PRIORITY_LEVEL_NOMINAL_CONCURRENCY_SHARES),
                    Column.string("Queues", FieldDocs.QUEUING_QUEUES),
                    Column.string("HandSize", FieldDocs.QUEUING_HAND_SIZE),
                    Column.string("QueueLengthLimit", FieldDocs.QUEUING_QUEUE_LENGTH_LIMIT),
                    Column.age()),
            (level, context) -> {
                boolean limited = Fields.has(level, "spec", "limited");
                boolean queuing = Fields.has(level, "spec", "limited", "limitResponse", "queuing");
                return List.of(
                        Fields.name(level),
                        Fields.text(level, "spec", "type"),
                        limited ? Fields.integer(level, "spec", "limited", "nominalConcurrencyShares") : NONE,
                        queuing ? queuing(level, "queues") : NONE,
                        queuing ? queuing(level, "handSize") : NONE,
                        queuing ? queuing(level, "queueLengthLimit") : NONE,
                        context.age(level));
            });

    private FlowControlPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("flowcontrol.apiserver.k8s.io", "FlowSchema", FLOW_SCHEMA);
        registry.add("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", PRIORITY_LEVEL_CONFIGURATION);
    }

    /** The Dangling condition's status, "?" without one, as Kubernetes prints it. */
    private static String missingPriorityLevel(JsonNode schema) {
        for (JsonNode condition : Fields.list(schema, "status", "conditions")) {
            if (Fields.text(condition, "type").equals("Dangling")) {
                return Fields.text(condition, "status");
            }
        }
        return "?";
    }

    private static Object queuing(JsonNode level, String field) {
        return Fields.integer(level, "spec", "limited", "limitResponse", "queuing", field);
    }
}
