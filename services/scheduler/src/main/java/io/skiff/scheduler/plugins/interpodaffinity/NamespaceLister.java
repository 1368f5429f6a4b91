package io.skiff.scheduler.plugins.interpodaffinity;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Optional;

/**
 * Namespaces as InterPodAffinity needs them: affinity terms may select namespaces by label ({@code
 * namespaceSelector}), so the plugin resolves the incoming pod's selectors to namespace names and
 * reads the labels of the incoming pod's own namespace for the existing pods' selectors. The
 * integrator backs it with a namespace informer and registers it in the framework's Ports.
 */
public interface NamespaceLister {

    /** The namespace with this name, if it is known. */
    Optional<Namespace> get(String name);

    /** Every known namespace. */
    List<Namespace> list();
}
