package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME. Core
 * v1 and events.k8s.io/v1 events share Kubernetes' internal type and so print alike; an
 * events.k8s.io object is read through its own field names (regarding, note, deprecated*).
 */
final class EventPrinter {

    static final KindPrinter PRINTER = KindPrinter.of(
            List.of(
                    Column.string("Last Seen", FieldDocs.EVENT_LAST_TIMESTAMP),
                    Column.string("Type", FieldDocs.EVENT_TYPE),
                    Column.string("Reason", FieldDocs.EVENT_REASON),
                    Column.string("Object", FieldDocs.EVENT_INVOLVED_OBJECT),
                    Column.string("Subobject", FieldDocs.OBJECT_REFERENCE_FIELD_PATH)
                            .wide(),
                    Column.string("Source", FieldDocs.EVENT_SOURCE).wide(),
                    Column.string("Message", FieldDocs.EVENT_MESSAGE),
                    Column.string("First Seen", FieldDocs.EVENT_FIRST_TIMESTAMP).wide(),
                    Column.string("Count", FieldDocs.EVENT_COUNT).wide(),
                    new Column("Name", "string", "name", FieldDocs.OBJECT_META_NAME, 1)),
            EventPrinter::cells);

    private EventPrinter() {}

    /** The fields of the internal Event that printing reads, named as each API version names them. */
    private record Names(
            String involvedObject,
            String message,
            String source,
            String firstTimestamp,
            String lastTimestamp,
            String count,
            String reportingController) {

        static final Names CORE = new Names(
                "involvedObject",
                "message",
                "source",
                "firstTimestamp",
                "lastTimestamp",
                "count",
                "reportingComponent");
        static final Names EVENTS_V1 = new Names(
                "regarding",
                "note",
                "deprecatedSource",
                "deprecatedFirstTimestamp",
                "deprecatedLastTimestamp",
                "deprecatedCount",
                "reportingController");
    }

    private static List<Object> cells(JsonNode event, PrintContext context) {
        Names names = Fields.text(event, "apiVersion").startsWith("events.k8s.io/") ? Names.EVENTS_V1 : Names.CORE;

        String firstSeen = context.since(Fields.at(event, names.firstTimestamp()));
        if (PrintContext.instant(Fields.at(event, names.firstTimestamp())) == null) {
            firstSeen = context.since(Fields.at(event, "eventTime"));
        }
        String lastSeen = context.since(Fields.at(event, names.lastTimestamp()));
        if (PrintContext.instant(Fields.at(event, names.lastTimestamp())) == null) {
            lastSeen = firstSeen;
        }
        long count = Fields.integer(event, names.count());
        if (Fields.has(event, "series")) {
            lastSeen = context.since(Fields.at(event, "series", "lastObservedTime"));
            count = Fields.integer(event, "series", "count");
        } else if (count == 0) {
            // Singleton events of the events.k8s.io API carry no count.
            count = 1;
        }

        JsonNode involved = Fields.at(event, names.involvedObject());
        String kind = Fields.text(involved, "kind").toLowerCase(Locale.ROOT);
        String involvedName = Fields.text(involved, "name");
        String object = involvedName.isEmpty() ? kind : kind + "/" + involvedName;

        return List.of(
                lastSeen,
                Fields.text(event, "type"),
                Fields.text(event, "reason"),
                object,
                Fields.text(involved, "fieldPath"),
                source(event, names),
                Fields.text(event, names.message()).strip(),
                firstSeen,
                count,
                Fields.name(event));
    }

    /** SOURCE: "component, host", preferring the legacy source to the reporting controller. */
    private static String source(JsonNode event, Names names) {
        String component = firstNonEmpty(
                Fields.text(event, names.source(), "component"), Fields.text(event, names.reportingController()));
        String instance =
                firstNonEmpty(Fields.text(event, names.source(), "host"), Fields.text(event, "reportingInstance"));
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String first, String second) {
        return first.isEmpty() ? second : first;
    }
}
