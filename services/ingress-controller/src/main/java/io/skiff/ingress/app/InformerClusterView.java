package io.skiff.ingress.app;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.skiff.component.informer.Indexer;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.ingress.snapshot.ClusterView;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The informers' caches as the snapshot builder reads them, EndpointSlices indexed by their Service. */
final class InformerClusterView implements ClusterView {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final String SLICES_BY_SERVICE = SERVICE_NAME_LABEL;

    private final Indexer<Ingress> ingresses;
    private final Indexer<IngressClass> classes;
    private final Indexer<Service> services;
    private final Indexer<EndpointSlice> slices;
    private final Indexer<Secret> secrets;

    InformerClusterView(
            Indexer<Ingress> ingresses,
            Indexer<IngressClass> classes,
            Indexer<Service> services,
            Indexer<EndpointSlice> slices,
            Indexer<Secret> secrets) {
        this.ingresses = ingresses;
        this.classes = classes;
        this.services = services;
        this.slices = slices;
        this.secrets = secrets;
        slices.addIndexers(Map.of(SLICES_BY_SERVICE, InformerClusterView::serviceKey));
    }

    @Override
    public List<Ingress> ingresses() {
        return ingresses.list();
    }

    @Override
    public List<IngressClass> ingressClasses() {
        return classes.list();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return services.getByKey(ObjectKeys.key(namespace, name));
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String service) {
        return slices.byIndex(SLICES_BY_SERVICE, ObjectKeys.key(namespace, service));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return secrets.getByKey(ObjectKeys.key(namespace, name));
    }

    private static Collection<String> serviceKey(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
        return service == null || service.isEmpty()
                ? List.of()
                : List.of(ObjectKeys.key(slice.getMetadata().getNamespace(), service));
    }
}
