package io.skiff.kubelet.staticpods;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import java.time.Duration;

/** {@link MirrorPodApi} through the API server. */
public final class ClientMirrorPodApi implements MirrorPodApi {

    private final KubeClient client;
    private final Duration timeout;

    public ClientMirrorPodApi(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public boolean create(Pod mirror) {
        try {
            client.pods().create(mirror.getMetadata().getNamespace(), mirror).block(timeout);
            return true;
        } catch (RuntimeException e) {
            if (ApiErrors.isAlreadyExists(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String namespace, String name, String uid) {
        try {
            client.pods()
                    .delete(
                            namespace,
                            name,
                            new DeleteOptionsBuilder()
                                    .withGracePeriodSeconds(0L)
                                    .withNewPreconditions()
                                    .withUid(uid)
                                    .endPreconditions()
                                    .build())
                    .block(timeout);
            return true;
        } catch (RuntimeException e) {
            // Gone already, or replaced by another pod of that name (the UID precondition failed).
            if (ApiErrors.isNotFound(e) || ApiErrors.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }
}
