package io.skiff.launcher;

import io.skiff.apiserver.testing.KubeHttp;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * Deletes a test's workload and waits until its kubelet has torn the pods down. Every pod mounts
 * its service account's token, a memory-backed volume the kubelet unmounts only when it tears the
 * pod down (a kubelet that stops leaves its pods, as Kubernetes' does): a test that stopped the
 * server with pods still there would leave mounts under its temporary directory.
 */
final class PodTeardown {

    private PodTeardown() {}

    /** DELETEs {@code workloadPath} (a Deployment, a ReplicaSet) and waits for the namespace's pods to go. */
    static void deleteAndAwait(KubeHttp http, String workloadPath, String namespace) {
        int code = http.delete(workloadPath).code();
        if (code != 200 && code != 202 && code != 404) {
            throw new AssertionError("DELETE " + workloadPath + " answered " + code);
        }
        awaitNoPods(http, namespace);
    }

    static void awaitNoPods(KubeHttp http, String namespace) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/api/v1/namespaces/" + namespace + "/pods")
                        .body()
                        .path("items")
                        .isEmpty());
    }
}
