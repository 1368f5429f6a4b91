package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.apply.ManagedFieldsEntry.Operation;
import io.skiff.apiserver.patch.PatchSchema;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Server-side apply and field ownership ({@code metadata.managedFields}), after Kubernetes'
 * structured-merge-diff: apply merges a partial configuration into the live object, removes what
 * the applier applied before but no longer does, and refuses to change fields other managers own
 * unless forced; every other write moves the fields it changes to its writer. Applies go to the
 * object, its status ({@code subresource: status} entries) or its /scale ({@link ScaleFields});
 * kubectl's own applies also honour client-side apply's annotation ({@link
 * LastAppliedConfiguration}).
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
     * throws 400 for a configuration Kubernetes could not type, 409 on conflicts unless {@code
     * force}. Neither argument is modified.
     */
    public ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode config, String manager, boolean force) {
        return apply(type, live, config, manager, null, force);
    }

    /**
     * As {@link #apply(ResourceType, ObjectNode, ObjectNode, String, boolean)}, through a
     * subresource: with "status", the applier owns (and conflicts over) status fields only, in an
     * entry marked {@code subresource: status}; the caller keeps everything but the status.
     */
    public ObjectNode apply(
            ResourceType type, ObjectNode live, ObjectNode config, String manager, String subresource, boolean force) {
        Position root = root(type);
        check(type, root, config);
        UnaryOperator<ObjectNode> view = object -> tracked(type, object, subresource);
        boolean kubectl = subresource == null && LastAppliedConfiguration.KUBECTL.equals(manager);
        FieldSet allowedConflicts = kubectl
                ? LastAppliedConfiguration.allowedConflicts(type, root, live, view)
                        .orElse(null)
                : null;
        ApplyRun.Outcome outcome = ApplyRun.run(
                root,
                view,
                live,
                ManagedFields.read(live),
                config,
                new ApplyRun.Applier(manager, subresource, type.apiVersion(), now()),
                force,
                allowedConflicts);
        ObjectNode merged = outcome.merged();
        if (outcome.ownershipUnchanged()) {
            ManagedFields.restore(merged, live.path("metadata").get("managedFields"));
        } else {
            ManagedFields.write(merged, outcome.entries());
        }
        if (kubectl) {
            LastAppliedConfiguration.update(live, merged, config);
        }
        return merged;
    }

    /**
     * The workload {@code live} after {@code manager} applied an autoscaling/v1 Scale to its /scale:
     * spec.replicas as the Scale now says (0 when it no longer says, as a Scale without replicas
     * means), and managedFields where the applier owns the replicas through the subresource.
     * Ownership and conflicts are those of the Scale, whose only owned field is spec.replicas
     * ({@link ScaleFields}). Neither argument is modified.
     */
    public ObjectNode applyToScale(
            ResourceType type, ObjectNode live, ObjectNode scale, String manager, boolean force) {
        List<ManagedFieldsEntry> workloadEntries = ManagedFields.read(live);
        ApplyRun.Outcome outcome = ApplyRun.run(
                Position.UNTYPED,
                UnaryOperator.identity(),
                ScaleFields.replicasView(live),
                ScaleFields.toScale(workloadEntries),
                ScaleFields.replicasView(scale),
                new ApplyRun.Applier(manager, "scale", type.apiVersion(), now()),
                force,
                null);
        ObjectNode updated = live.deepCopy();
        ObjectNode spec = updated.get("spec") instanceof ObjectNode s ? s : updated.putObject("spec");
        JsonNode replicas = outcome.merged().path("spec").get("replicas");
        spec.set("replicas", replicas == null ? JsonNodeFactory.instance.numberNode(0) : replicas);
        if (!outcome.ownershipUnchanged()) {
            ManagedFields.write(updated, ScaleFields.toParent(workloadEntries, outcome.entries()));
        }
        return updated;
    }

    /** The object an apply creates: the configuration, owned by its applier. */
    public ObjectNode applyToCreate(ResourceType type, ObjectNode config, String manager) {
        Position root = root(type);
        check(type, root, config);
        ObjectNode created = config.deepCopy();
        FieldSet applied = FieldSets.of(root, tracked(type, config, null));
        ManagedFields.write(
                created,
                List.of(new ManagedFieldsEntry(manager, Operation.Apply, type.apiVersion(), now(), null, applied)));
        return created;
    }

    /**
     * Records that {@code owner} created {@code created} (modified in place): it owns every field,
     * next to any managedFields the object was sent with.
     */
    public void recordCreate(ResourceType type, ObjectNode created, FieldOwner owner) {
        recordUpdate(type, JsonNodeFactory.instance.objectNode(), created, owner);
    }

    /**
     * Records that {@code owner} turned {@code old} into {@code updated} (modified in place): it
     * takes over the fields it changed, and nobody owns the fields it removed. As in Kubernetes,
     * managedFields the writer sent replace the stored ones (this is how kubectl hands client-side
     * apply's fields to server-side apply), {@code [{}]} clears them, and writes through a
     * subresource cannot touch them.
     */
    public void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, FieldOwner owner) {
        JsonNode sent = updated.path("metadata").get("managedFields");
        JsonNode stored = old.path("metadata").get("managedFields");
        List<ManagedFieldsEntry> entries;
        boolean keepStored = false;
        if (owner.subresource() != null) {
            entries = ManagedFields.read(old);
            keepStored = true;
        } else if (ManagedFields.isReset(sent)) {
            entries = List.of();
        } else {
            List<ManagedFieldsEntry> decoded = ManagedFields.decode(sent).orElse(null);
            keepStored = decoded == null || sent.equals(stored);
            entries = decoded == null ? ManagedFields.read(old) : decoded;
        }
        FieldSets.Changes changes = FieldSets.compare(
                root(type), tracked(type, old, owner.subresource()), tracked(type, updated, owner.subresource()));
        if (changes.isEmpty()) {
            if (keepStored) {
                ManagedFields.restore(updated, stored);
            } else {
                ManagedFields.write(updated, entries);
            }
            return;
        }
        List<ManagedFieldsEntry> result = new ArrayList<>();
        FieldSet mine = FieldSet.empty();
        for (ManagedFieldsEntry entry : entries) {
            if (entry.sameOwner(owner.manager(), Operation.Update, owner.subresource())) {
                mine = entry.fields();
                continue;
            }
            ManagedFields.addUnlessEmpty(
                    result,
                    entry.withFields(entry.fields().minus(changes.changed()).minus(changes.removed())));
        }
        FieldSet owned = mine.union(changes.changed()).minus(changes.removed());
        ManagedFields.addUnlessEmpty(
                result,
                new ManagedFieldsEntry(
                        owner.manager(), Operation.Update, type.apiVersion(), now(), owner.subresource(), owned));
        ManagedFields.write(updated, result);
    }

    /** Rejects, as Kubernetes does before merging, a configuration it cannot type. */
    private static void check(ResourceType type, Position root, ObjectNode config) {
        try {
            ConfigurationCheck.check(root, config);
        } catch (ConfigurationCheck.InvalidConfiguration e) {
            JsonNode metadata = config.path("metadata");
            String namespace = metadata.path("namespace").asText("");
            String name = metadata.path("name").asText("");
            throw Statuses.badRequest("failed to create typed patch object (" + namespace + "/" + name + "; "
                    + (type.group().isEmpty() ? "" : type.group()) + "/" + type.version() + ", Kind=" + type.kind()
                    + "): " + e.getMessage());
        }
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

    private String now() {
        return KubeTimes.time(clock.instant());
    }
}
