package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How the managedFields of a workload and of its /scale subresource (an autoscaling/v1 Scale)
 * relate, after Kubernetes' ScaleHandler: the Scale's owners of {@code .spec.replicas} are the
 * workload's owners of its {@code .spec.replicas}, each keeping its identity (manager, operation,
 * subresource, apiVersion), and nothing else of the workload is owned through the Scale.
 */
final class ScaleFields {

    static final List<String> REPLICAS = List.of(PathElements.field("spec"), PathElements.field("replicas"));

    private ScaleFields() {}

    /** The part of a workload or a Scale whose fields are owned through /scale: spec.replicas. */
    static ObjectNode replicasView(ObjectNode object) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        JsonNode replicas = object.path("spec").get("replicas");
        if (replicas != null && !replicas.isNull()) {
            view.putObject("spec").set("replicas", replicas);
        }
        return view;
    }

    /** The Scale's entries: the workload's owners of the replicas, owning only them. */
    static List<ManagedFieldsEntry> toScale(List<ManagedFieldsEntry> workload) {
        List<ManagedFieldsEntry> scale = new ArrayList<>();
        for (ManagedFieldsEntry entry : workload) {
            if (entry.fields().contains(REPLICAS)) {
                scale.add(entry.withFields(replicas()));
            }
        }
        return scale;
    }

    /**
     * The workload's entries after an apply through /scale left {@code scale}: owners of the
     * replicas the Scale no longer lists lose them, and owners new to the Scale (the applier first)
     * own the replicas of the workload through the subresource.
     */
    static List<ManagedFieldsEntry> toParent(List<ManagedFieldsEntry> workload, List<ManagedFieldsEntry> scale) {
        List<ManagedFieldsEntry> newOwners = new ArrayList<>();
        for (ManagedFieldsEntry entry : scale) {
            if (entry.fields().contains(REPLICAS)) {
                newOwners.add(entry);
            }
        }
        List<ManagedFieldsEntry> kept = new ArrayList<>();
        for (ManagedFieldsEntry entry : workload) {
            if (!entry.fields().contains(REPLICAS)) {
                kept.add(entry);
                continue;
            }
            ManagedFieldsEntry stillOwner =
                    newOwners.stream().filter(entry::sameIdentity).findFirst().orElse(null);
            if (stillOwner != null) {
                // Its other fields stay; the time is the Scale's, which is new for the applier.
                kept.add(entry.withTime(stillOwner.time()));
                newOwners.remove(stillOwner);
            } else {
                ManagedFields.addUnlessEmpty(
                        kept, entry.withFields(entry.fields().minus(replicas())));
            }
        }
        List<ManagedFieldsEntry> result = new ArrayList<>(newOwners);
        result.addAll(kept);
        return result;
    }

    private static FieldSet replicas() {
        return FieldSet.empty().insert(REPLICAS);
    }
}
