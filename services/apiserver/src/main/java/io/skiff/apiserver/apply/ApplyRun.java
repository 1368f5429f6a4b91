package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.apply.ManagedFieldsEntry.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The steps of one server-side apply, after structured-merge-diff's: merge the configuration into
 * the live object, remove what the applier applied before and no longer does (unless others own
 * it), then settle ownership: the applier owns what it applied, other managers lose what the apply
 * changed and what it removed, and changing a field another manager owns is a conflict unless
 * forced.
 */
final class ApplyRun {

    private ApplyRun() {}

    /**
     * Who applies: the managedFields entry an apply writes, keyed by manager and subresource.
     *
     * @param subresource "status" or "scale" for applies through those, else null
     */
    record Applier(String manager, String subresource, String apiVersion, String time) {}

    /**
     * @param merged the object after the apply, its managedFields not yet written
     * @param entries the managedFields to write, the applier's first
     * @param ownershipUnchanged whether nothing tracked changed and the applier applied the same
     *     fields as before: the stored entries can stay as they are, so a repeated apply is no write
     */
    record Outcome(ObjectNode merged, List<ManagedFieldsEntry> entries, boolean ownershipUnchanged) {}

    /**
     * @param view the part of an object whose fields are owned through this apply
     * @param allowedConflicts fields whose conflicts do not stop the apply, or null
     */
    static Outcome run(
            Position root,
            UnaryOperator<ObjectNode> view,
            ObjectNode live,
            List<ManagedFieldsEntry> entries,
            ObjectNode config,
            Applier applier,
            boolean force,
            FieldSet allowedConflicts) {
        FieldSet applied = FieldSets.of(root, view.apply(config));
        ManagedFieldsEntry previous =
                ManagedFields.find(entries, applier.manager(), Operation.Apply, applier.subresource());
        ObjectNode merged = (ObjectNode) ApplyMerge.merge(root, live, config);
        if (previous != null) {
            // What anyone still owns stays, the applier's new configuration included: a struct it
            // owned as a whole before (as an Update it took over did) keeps the fields it applies now.
            FieldSet stillOwned = applied;
            for (ManagedFieldsEntry entry : entries) {
                if (entry != previous) {
                    stillOwned = stillOwned.union(entry.fields());
                }
            }
            ApplyMerge.prune(root, merged, previous.fields().minus(applied), stillOwned);
        }
        FieldSets.Changes changes = FieldSets.compare(root, view.apply(live), view.apply(merged));
        if (changes.isEmpty() && previous != null && previous.fields().equals(applied)) {
            return new Outcome(merged, entries, true);
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
            ManagedFields.addUnlessEmpty(
                    result, entry.withFields(entry.fields().minus(conflicting).minus(changes.removed())));
        }
        if (!force) {
            ApplyConflicts remaining = allowedConflicts == null ? conflicts : conflicts.without(allowedConflicts);
            if (!remaining.isEmpty()) {
                throw remaining.toException();
            }
        }
        result.add(
                0,
                new ManagedFieldsEntry(
                        applier.manager(),
                        Operation.Apply,
                        applier.apiVersion(),
                        applier.time(),
                        applier.subresource(),
                        applied));
        return new Outcome(merged, result, false);
    }
}
