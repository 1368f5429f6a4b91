package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container's environment is made from besides the pod itself: the objects it references
 * and the node's allocatable resources. The kubelet passes its per-object watches and informers'
 * listers ({@link ListerEnvironmentSources}); tests pass fixtures. Objects returned are shared and
 * never changed. An object that cannot be read now (rather than missing) throws {@link
 * SourceUnavailableException}.
 */
public interface EnvironmentSources {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** The Services of one namespace. */
    List<Service> services(String namespace);

    /**
     * Whether the Services were listed at least once. Until then the environment of a pod from the
     * API cannot be built, since it would miss {@code KUBERNETES_SERVICE_HOST}.
     */
    boolean servicesSynced();

    /**
     * The node's allocatable resources by name ({@code cpu}, {@code memory}, ...): the limits a
     * resourceFieldRef reads for a container that sets none. Empty while the node is unknown.
     */
    Map<String, Quantity> nodeAllocatable();
}
