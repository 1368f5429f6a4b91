package io.skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import java.time.Duration;
import java.util.Optional;

/** {@link PodStatusApi} through the API server. */
public final class ClientPodStatusApi implements PodStatusApi {

    private final KubeClient client;
    private final Duration timeout;

    public ClientPodStatusApi(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Optional<Pod> get(String namespace, String name) {
        return Optional.ofNullable(client.pods().find(namespace, name).block(timeout));
    }

    @Override
    public Pod updateStatus(Pod pod) {
        return client.pods().updateStatus(pod).block(timeout);
    }

    @Override
    public void deleteTerminated(String namespace, String name, String uid) {
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
        } catch (RuntimeException e) {
            // Gone already, or replaced by a pod of the same name (the UID precondition failed).
            if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e)) {
                throw e;
            }
        }
    }
}
