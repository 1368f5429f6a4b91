package io.skiff.controllermanager.history;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The ControllerRevision calls a controller's history makes, behind an interface so syncs run on fixtures. */
public interface RevisionWrites {

    Mono<ControllerRevision> createRevision(String namespace, ControllerRevision revision);

    /** Reads the revision from the API server, not the cache; empty when it does not exist. */
    Mono<ControllerRevision> freshRevision(String namespace, String name);

    /** Writes {@code revision} with its resourceVersion as precondition. */
    Mono<ControllerRevision> updateRevision(ControllerRevision revision);

    Mono<Void> deleteRevision(String namespace, String name);

    /** Applies a strategic merge patch (how revisions are adopted and released). */
    Mono<ControllerRevision> patchRevision(String namespace, String name, Map<String, Object> strategicMergePatch);
}
