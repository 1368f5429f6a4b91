package io.skiff.controllermanager.history;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.Patch;
import java.util.Map;
import reactor.core.publisher.Mono;

/** {@link RevisionWrites} through the API server. */
public final class ClientRevisionWrites implements RevisionWrites {

    private final KubeClient client;

    public ClientRevisionWrites(KubeClient client) {
        this.client = client;
    }

    @Override
    public Mono<ControllerRevision> createRevision(String namespace, ControllerRevision revision) {
        return client.resources(ControllerRevision.class).create(namespace, revision);
    }

    @Override
    public Mono<ControllerRevision> freshRevision(String namespace, String name) {
        return client.resources(ControllerRevision.class).find(namespace, name);
    }

    @Override
    public Mono<ControllerRevision> updateRevision(ControllerRevision revision) {
        return client.resources(ControllerRevision.class).update(revision);
    }

    @Override
    public Mono<Void> deleteRevision(String namespace, String name) {
        return client.resources(ControllerRevision.class).delete(namespace, name);
    }

    @Override
    public Mono<ControllerRevision> patchRevision(
            String namespace, String name, Map<String, Object> strategicMergePatch) {
        return client.resources(ControllerRevision.class)
                .patch(namespace, name, Patch.strategicMerge(strategicMergePatch));
    }
}
