package io.skiff.ingress.snapshot;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import java.util.Optional;

/** What a snapshot is built from: the informers' caches. */
public interface ClusterView {

    List<Ingress> ingresses();

    List<IngressClass> ingressClasses();

    Optional<Service> service(String namespace, String name);

    /** The EndpointSlices labelled kubernetes.io/service-name={@code service}. */
    List<EndpointSlice> endpointSlices(String namespace, String service);

    Optional<Secret> secret(String namespace, String name);
}
