package io.skiff.controllermanager.testing;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.skiff.controllermanager.history.RevisionWrites;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * ControllerRevisions kept by name, as the API server keeps them (a taken name is AlreadyExists),
 * for the history of any controller; deletions are recorded in order.
 */
public class StoredRevisions implements RevisionWrites {

    public final Map<String, ControllerRevision> revisions = new LinkedHashMap<>();
    public final List<String> deleted = new ArrayList<>();

    @Override
    public synchronized Mono<ControllerRevision> createRevision(String namespace, ControllerRevision revision) {
        if (revisions.containsKey(revision.getMetadata().getName())) {
            return Mono.error(Statuses.alreadyExists(
                    "apps", "controllerrevisions", revision.getMetadata().getName()));
        }
        revisions.put(revision.getMetadata().getName(), revision);
        return Mono.just(revision);
    }

    @Override
    public synchronized Mono<ControllerRevision> freshRevision(String namespace, String name) {
        return Mono.justOrEmpty(revisions.get(name));
    }

    @Override
    public synchronized Mono<ControllerRevision> updateRevision(ControllerRevision revision) {
        revisions.put(revision.getMetadata().getName(), new ControllerRevisionBuilder(revision).build());
        return Mono.just(revision);
    }

    @Override
    public synchronized Mono<Void> deleteRevision(String namespace, String name) {
        deleted.add(name);
        revisions.remove(name);
        return Mono.empty();
    }

    /** Adoption and release are not modelled: the revision is answered as it is. */
    @Override
    public synchronized Mono<ControllerRevision> patchRevision(
            String namespace, String name, Map<String, Object> strategicMergePatch) {
        return Mono.justOrEmpty(revisions.get(name));
    }
}
