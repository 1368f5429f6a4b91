package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Events of the core group (v1) and of events.k8s.io. Both are the same object in Kubernetes and pass the
 * same legacy checks; events.k8s.io adds the stricter rules of the newer API. Errors name fields as
 * Kubernetes does, by the core names ({@code involvedObject}, {@code message}).
 */
final class EventValidators {

    private static final int REPORTING_INSTANCE_MAX = 128;
    private static final int ACTION_MAX = 128;
    private static final int REASON_MAX = 128;
    private static final int NOTE_MAX = 1024;
    private static final Set<String> NAMESPACES_FOR_CLUSTER_EVENTS = Set.of("default", "kube-system");

    private EventValidators() {}

    /** Where an API version of Event keeps the object it is about and its text. */
    private record Fields(String regarding, String note) {}

    private static final Fields CORE = new Fields("involvedObject", "message");
    private static final Fields EVENTS = new Fields("regarding", "note");

    static final class CoreEventValidator implements KindValidator {
        @Override
        public void validate(ObjectNode event, ObjectNode old, Causes causes) {
            validateLegacy(event, CORE, causes);
        }
    }

    static final class EventsEventValidator implements KindValidator {
        /** A field of events.k8s.io and the core name Kubernetes reports it by. */
        private record Renamed(String field, String coreName) {}

        private static final List<Renamed> IMMUTABLE = List.of(
                new Renamed("regarding", "involvedObject"),
                new Renamed("reason", "reason"),
                new Renamed("note", "message"),
                new Renamed("deprecatedSource", "source"),
                new Renamed("deprecatedFirstTimestamp", "firstTimestamp"),
                new Renamed("deprecatedLastTimestamp", "lastTimestamp"),
                new Renamed("deprecatedCount", "count"),
                new Renamed("type", "type"),
                new Renamed("eventTime", "eventTime"),
                new Renamed("action", "action"),
                new Renamed("related", "related"),
                new Renamed("reportingController", "reportingController"),
                new Renamed("reportingInstance", "reportingInstance"));
        /** The fields of the core API that the newer API keeps only for reading old events. */
        private static final List<Renamed> DEPRECATED = List.of(
                new Renamed("deprecatedFirstTimestamp", "firstTimestamp"),
                new Renamed("deprecatedLastTimestamp", "lastTimestamp"),
                new Renamed("deprecatedCount", "count"),
                new Renamed("deprecatedSource", "source"));

        @Override
        public void validate(ObjectNode event, ObjectNode old, Causes causes) {
            validateLegacy(event, EVENTS, causes);
            if (old != null) {
                if (!Json.semanticEquals(event.get("series"), old.get("series"))) {
                    validateSeries(event, causes);
                }
                for (Renamed field : IMMUTABLE) {
                    if (!Json.semanticEquals(event.get(field.field()), old.get(field.field()))) {
                        causes.immutable(FieldPath.root(field.coreName()), event.get(field.field()));
                    }
                }
                return;
            }
            validateSeries(event, causes);
            if (!Json.has(event, "eventTime")) {
                causes.required(FieldPath.root("eventTime"), "");
            }
            String type = Json.string(event, "type");
            if (!type.equals("Normal") && !type.equals("Warning")) {
                causes.invalid(FieldPath.root("type"), "", "has invalid value: " + type);
            }
            for (Renamed field : DEPRECATED) {
                if (!Json.semanticEquals(event.get(field.field()), null)) {
                    causes.invalid(FieldPath.root(field.coreName()), "", "needs to be unset");
                }
            }
        }

        private static void validateSeries(JsonNode event, Causes causes) {
            JsonNode series = Json.object(event, "series");
            if (series == null) {
                return;
            }
            if (Json.longOr(series, "count", 0) < 2) {
                causes.invalid(FieldPath.root("series.count"), "", "should be at least 2");
            }
            if (!Json.has(series, "lastObservedTime")) {
                causes.required(FieldPath.root("series.lastObservedTime"), "");
            }
        }
    }

    /** {@code legacyValidateEvent}: the event is about an object in its own namespace, and is reported. */
    private static void validateLegacy(JsonNode event, Fields fields, Causes causes) {
        String namespace = Json.string(Json.object(event, "metadata"), "namespace");
        String regardingNamespace = Json.string(Json.object(event, fields.regarding()), "namespace");
        FieldPath regardingPath = FieldPath.of("involvedObject.namespace");
        if (!Json.has(event, "eventTime")) {
            // Events about cluster-scoped objects live in "default" for old clients' sake.
            boolean matches = regardingNamespace.isEmpty()
                    ? namespace.isEmpty() || namespace.equals("default")
                    : namespace.equals(regardingNamespace);
            if (!matches) {
                causes.invalid(regardingPath, regardingNamespace, "does not match event.namespace");
            }
            return;
        }
        if (regardingNamespace.isEmpty() && !NAMESPACES_FOR_CLUSTER_EVENTS.contains(namespace)) {
            causes.invalid(regardingPath, regardingNamespace, "does not match event.namespace");
        }
        String controller = Json.string(event, "reportingController");
        if (controller.isEmpty()) {
            causes.required(FieldPath.root("reportingController"), "");
        }
        causes.invalid(FieldPath.root("reportingController"), controller, NameRules.isQualifiedName(controller));
        requireShort(event, "reportingInstance", "reportingInstance", REPORTING_INSTANCE_MAX, true, causes);
        requireShort(event, "action", "action", ACTION_MAX, true, causes);
        requireShort(event, "reason", "reason", REASON_MAX, true, causes);
        requireShort(event, fields.note(), "message", NOTE_MAX, false, causes);
    }

    private static void requireShort(
            JsonNode event, String field, String coreName, int max, boolean required, Causes causes) {
        String value = Json.string(event, field);
        if (required && value.isEmpty()) {
            causes.required(FieldPath.root(coreName), "");
        }
        if (NameRules.utf8Length(value) > max) {
            causes.invalid(FieldPath.root(coreName), "", "can have at most " + max + " characters");
        }
    }
}
