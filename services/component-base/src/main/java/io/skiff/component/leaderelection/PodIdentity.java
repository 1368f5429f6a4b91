package io.skiff.component.leaderelection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.cloud.kubernetes.commons.KubernetesClientProperties;
import org.springframework.cloud.kubernetes.commons.KubernetesNamespaceProvider;

/**
 * The leader-election identity of a component running in a Kubernetes pod: {@code
 * <namespace>/<pod name>}, unique among the replicas and readable in the Lease's holderIdentity
 * ({@code kubectl get lease kube-scheduler -o yaml} names the pod that leads). The name comes from
 * {@code POD_NAME} (the downward API, as the Helm chart sets it), else, inside a pod, from {@code
 * HOSTNAME}, which Kubernetes sets to the pod's name (as spring-cloud-kubernetes does); the
 * namespace from {@code POD_NAMESPACE}, else the service account's namespace file (read with
 * spring-cloud-kubernetes-commons' KubernetesNamespaceProvider).
 *
 * <p>The same name after a container restart is harmless: the process that held the Lease is gone,
 * and the new one renews it at once instead of waiting out the lease duration.
 */
public final class PodIdentity {

    public static final String POD_NAME = "POD_NAME";
    public static final String POD_NAMESPACE = "POD_NAMESPACE";
    public static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of(KubernetesClientProperties.SERVICE_ACCOUNT_NAMESPACE_PATH);

    private PodIdentity() {}

    /** This process's identity if it runs in a pod, from the real environment and service account. */
    public static Optional<String> current() {
        return of(System::getenv, SERVICE_ACCOUNT_NAMESPACE);
    }

    /**
     * The identity from {@code environment} (a variable's value, or null when unset) and the
     * service account's {@code namespaceFile}; empty when nothing says this runs in a pod.
     */
    public static Optional<String> of(UnaryOperator<String> environment, Path namespaceFile) {
        boolean inPod = Files.isRegularFile(namespaceFile);
        String name = blankToNull(environment.apply(POD_NAME));
        if (name == null && inPod) {
            name = blankToNull(environment.apply("HOSTNAME"));
        }
        if (name == null) {
            return Optional.empty();
        }
        String namespace = blankToNull(environment.apply(POD_NAMESPACE));
        if (namespace == null && inPod) {
            namespace = blankToNull(
                    KubernetesNamespaceProvider.getNamespaceFromServiceAccountFile(namespaceFile.toString()));
        }
        return Optional.of(namespace == null ? name : namespace + "/" + name);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
