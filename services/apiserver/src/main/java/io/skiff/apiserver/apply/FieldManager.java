package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.apply.ManagedFieldsEntry.Operation;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side apply and field ownership ({@code metadata.managedFields}), after Kubernetes'
 * structured-merge-diff: apply merges a partial configuration into the live object, removes what
 * the applier applied before but no longer does, and refuses to change fields other managers own
 * unless forced; every other write moves the fields it changes to its writer.
 */
public final class FieldManager {

    private static final List<String> UNTRACKED_METADATA = List.of(
            "name",
            "namespace",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "selfLink",
            "managedFields");

    private final PatchSchema schema;
    private final Clock clock;

    public FieldManager(PatchSchema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    /**
     * The live object with {@code config} applied by {@code manager}, its managedFields updated;
     * throws 409 on conflicts unless {@code force}. Neither argument is modified.
     */
    public ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode config, String manager, boolean force) {
        Position root = root(type);
        List<ManagedFieldsEntry> entries = entries(live);
        FieldSet applied = FieldSets.of(root, tracked(type, config, null));
        ManagedFieldsEntry previous = find(entries, manager, Operation.Apply, null);
        ObjectNode merged;
        try {
            merged = (ObjectNode) ApplyMerge.merge(root, live, config);
        } catch (ApplyMerge.InvalidConfiguration e) {
            throw Statuses.badRequest(e.getMessage());
        }
        if (previous != null) {
            FieldSet others = FieldSet.empty();
            for (ManagedFieldsEntry entry : entries) {
                if (entry != previous) {
                    others = others.union(entry.fields());
                }
            }
            ApplyMerge.prune(root, merged, previous.fields().minus(applied), others);
        }
        FieldSets.Changes changes = FieldSets.compare(root, tracked(type, live, null), tracked(type, merged, null));
        if (changes.isEmpty() && previous != null && previous.fields().equals(applied)) {
            // Only the entry's time would change: keep the stored entries so that a repeated apply is no write.
            restore(merged, live.path("metadata").get("managedFields"));
            return merged;
        }
        ApplyConflicts conflicts = new ApplyConflicts();
        List<ManagedFieldsEntry> result = new ArrayList<>();
        for (ManagedFieldsEntry entry : entries) {
            if (entry == previous) {
                continue;
            }
            FieldSet conflicting = entry.fields().intersect(changes.changed());
            if (!conflicting.isEmpty()) {
                conflicts.add(entry, conflicting);
            }
            addUnlessEmpty(
                    result, entry.withFields(entry.fields().minus(conflicting).minus(changes.removed())));
        }
        if (!force && !conflicts.isEmpty()) {
            throw conflicts.toException();
        }
        result.add(0, new ManagedFieldsEntry(manager, Operation.Apply, type.apiVersion(), now(), null, applied));
        write(merged, result);
        return merged;
    }

    /** The object an apply creates: the configuration, owned by its applier. */
    public ObjectNode applyToCreate(ResourceType type, ObjectNode config, String manager) {
        ObjectNode created = config.deepCopy();
        FieldSet applied = FieldSets.of(root(type), tracked(type, config, null));
        write(
                created,
                List.of(new ManagedFieldsEntry(manager, Operation.Apply, type.apiVersion(), now(), null, applied)));
        return created;
    }

    /** Records that {@code owner} created {@code created} (modified in place): it owns every field. */
    public void recordCreate(ResourceType type, ObjectNode created, FieldOwner owner) {
        if (entries(created).isEmpty()) {
            recordUpdate(type, JsonNodeFactory.instance.objectNode(), created, owner);
        }
    }

    /**
     * Records that {@code owner} turned {@code old} into {@code updated} (modified in place): it
     * takes over the fields it changed, and nobody owns the fields it removed. ManagedFields the
     * writer sent that differ from the stored ones replace them, as in Kubernetes.
     */
    public void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, FieldOwner owner) {
        JsonNode sent = updated.path("metadata").get("managedFields");
        JsonNode stored = old.path("metadata").get("managedFields");
        FieldSets.Changes changes = FieldSets.compare(
                root(type), tracked(type, old, owner.subresource()), tracked(type, updated, owner.subresource()));
        if (changes.isEmpty()) {
            restore(updated, stored);
            return;
        }
        List<ManagedFieldsEntry> entries = sent != null && !sent.equals(stored) ? entries(updated) : entries(old);
        List<ManagedFieldsEntry> result = new ArrayList<>();
        FieldSet mine = FieldSet.empty();
        for (ManagedFieldsEntry entry : entries) {
            if (entry.sameOwner(owner.manager(), Operation.Update, owner.subresource())) {
                mine = entry.fields();
                continue;
            }
            addUnlessEmpty(
                    result,
                    entry.withFields(entry.fields().minus(changes.changed()).minus(changes.removed())));
        }
        FieldSet owned = mine.union(changes.changed()).minus(changes.removed());
        addUnlessEmpty(
                result,
                new ManagedFieldsEntry(
                        owner.manager(), Operation.Update, type.apiVersion(), now(), owner.subresource(), owned));
        write(updated, result);
    }

    private Position root(ResourceType type) {
        return schema.root(type).map(Position::new).orElse(Position.UNTYPED);
    }

    /**
     * A shallow view of the part of an object whose fields are owned: never identity and system
     * metadata; only the status for status writes, and never the status for other writes to kinds
     * with a status subresource (Kubernetes resets those fields).
     */
    private static ObjectNode tracked(ResourceType type, ObjectNode object, String subresource) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        if ("status".equals(subresource)) {
            if (object.has("status")) {
                view.set("status", object.get("status"));
            }
            return view;
        }
        view.setAll(object);
        view.remove("apiVersion");
        view.remove("kind");
        if (type.hasSubresource("status")) {
            view.remove("status");
        }
        if (object.get("metadata") instanceof ObjectNode metadata) {
            ObjectNode trackedMetadata = JsonNodeFactory.instance.objectNode();
            trackedMetadata.setAll(metadata);
            trackedMetadata.remove(UNTRACKED_METADATA);
            if (trackedMetadata.isEmpty()) {
                view.remove("metadata");
            } else {
                view.set("metadata", trackedMetadata);
            }
        }
        return view;
    }

    private static void restore(ObjectNode object, JsonNode managedFields) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        if (managedFields == null || managedFields.isNull()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", managedFields);
        }
    }

    private static List<ManagedFieldsEntry> entries(JsonNode object) {
        List<ManagedFieldsEntry> entries = new ArrayList<>();
        JsonNode managed = object == null ? null : object.path("metadata").get("managedFields");
        if (managed != null && managed.isArray()) {
            managed.forEach(entry -> entries.add(ManagedFieldsEntry.read(entry)));
        }
        return entries;
    }

    private static ManagedFieldsEntry find(
            List<ManagedFieldsEntry> entries, String manager, Operation operation, String subresource) {
        return entries.stream()
                .filter(e -> e.sameOwner(manager, operation, subresource))
                .findFirst()
                .orElse(null);
    }

    private static void addUnlessEmpty(List<ManagedFieldsEntry> entries, ManagedFieldsEntry entry) {
        if (!entry.fields().isEmpty()) {
            entries.add(entry);
        }
    }

    private static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
            return;
        }
        ArrayNode managed = metadata.putArray("managedFields");
        entries.forEach(entry -> managed.add(entry.toJson()));
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
