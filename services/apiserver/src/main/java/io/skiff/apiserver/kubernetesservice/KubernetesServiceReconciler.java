package io.skiff.apiserver.kubernetesservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.allocation.ServiceIpRange;
import io.skiff.apiserver.registry.DeleteOptions;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The {@code kubernetes} Service in {@code default} and its endpoints, as kube-apiserver's lease
 * endpoint reconciler keeps them: the Service sits at the first address of the service range with
 * port 443 ({@code https}) targeting the API servers' port; every API server renews a Lease of its own
 * in {@code kube-system} and writes the Endpoints and the EndpointSlice {@code kubernetes} to list the
 * API servers whose Lease is current, so several servers on one database each appear and a dead one
 * drops out once its Lease expires.
 */
public final class KubernetesServiceReconciler {

    static final String SERVICE_NAME = "kubernetes";
    static final String SERVICE_NAMESPACE = "default";
    static final String LEASE_NAMESPACE = "kube-system";
    static final String LEASE_PREFIX = "skiff-apiserver-endpoint-";
    static final String PORT_NAME = "https";

    private static final Logger log = LoggerFactory.getLogger(KubernetesServiceReconciler.class);
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();
    private static final ResourceType SERVICES = type("", "v1", "services");
    private static final ResourceType ENDPOINTS = type("", "v1", "endpoints");
    private static final ResourceType ENDPOINT_SLICES = type("discovery.k8s.io", "v1", "endpointslices");
    private static final ResourceType LEASES = type("coordination.k8s.io", "v1", "leases");

    private final ObjectRegistry registry;
    private final WatchCache cache;
    private final ServiceIpRange serviceRange;
    private final ApiServerEndpoint self;
    private final Duration leaseDuration;
    private final Clock clock;
    private final ObjectMapper mapper = KubeJson.mapper();

    public KubernetesServiceReconciler(
            ObjectRegistry registry,
            WatchCache cache,
            ServiceIpRange serviceRange,
            ApiServerEndpoint self,
            Duration leaseDuration,
            Clock clock) {
        this.registry = registry;
        this.cache = cache;
        this.serviceRange = serviceRange;
        this.self = self;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
    }

    /** One round: the Service, this server's Lease, then the endpoints from the current Leases. */
    public void reconcile() {
        ensureService();
        renewLease();
        writeEndpoints(liveEndpoints(true));
    }

    /** Without an address to publish: only the Service. */
    public void ensureServiceOnly() {
        ensureService();
    }

    /** Whether this server has an address to publish. */
    public boolean publishes() {
        return !self.address().isEmpty();
    }

    /** On shutdown: leaves the endpoints at once rather than when the Lease expires. */
    public void withdraw() {
        block(registry.delete(LEASES, LEASE_NAMESPACE, leaseName(self), DeleteOptions.defaults())
                .then()
                .onErrorResume(ApiException.class, e -> Mono.empty()));
        writeEndpoints(liveEndpoints(false));
    }

    // ---- the Service

    private void ensureService() {
        if (cache.get(SERVICES, SERVICE_NAMESPACE, SERVICE_NAME).isPresent()) {
            block(registry.guaranteedUpdate(SERVICES, SERVICE_NAMESPACE, SERVICE_NAME, null, false, current -> {
                JsonNode ports = current.object().path("spec").path("ports");
                if (ports.equals(desiredPorts())) {
                    return null;
                }
                ObjectNode updated = current.object().deepCopy();
                ((ObjectNode) updated.get("spec")).set("ports", desiredPorts());
                return updated;
            }));
            return;
        }
        ObjectNode service = object("v1", "Service", SERVICE_NAME, SERVICE_NAMESPACE);
        ObjectNode labels = ((ObjectNode) service.get("metadata")).putObject("labels");
        labels.put("component", "apiserver").put("provider", "kubernetes");
        String first = serviceRange.addressAt(0);
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", first).put("sessionAffinity", "None");
        spec.putArray("clusterIPs").add(first);
        spec.set("ports", desiredPorts());
        block(registry.create(SERVICES, SERVICE_NAMESPACE, service, null, false)
                .doOnNext(created -> log.info("Created the kubernetes Service at {}", first))
                // Another API server created it first: its name (409) or its address (422) is taken.
                .onErrorResume(ApiException.class, e -> {
                    if (e.code() == 422) {
                        log.info("Not creating the kubernetes Service yet: {}", e.getMessage());
                    }
                    return e.code() == 409 || e.code() == 422 ? Mono.empty() : Mono.error(e);
                }));
    }

    private ArrayNode desiredPorts() {
        ArrayNode ports = mapper.createArrayNode();
        ports.addObject()
                .put("name", PORT_NAME)
                .put("protocol", "TCP")
                .put("port", 443)
                .put("targetPort", self.port());
        return ports;
    }

    // ---- the Leases

    private void renewLease() {
        String name = leaseName(self);
        String now = microTime(clock.instant());
        if (cache.get(LEASES, LEASE_NAMESPACE, name).isEmpty()) {
            ObjectNode lease = object("coordination.k8s.io/v1", "Lease", name, LEASE_NAMESPACE);
            lease.putObject("spec")
                    .put("holderIdentity", self.address() + ":" + self.port())
                    .put("leaseDurationSeconds", leaseDuration.toSeconds())
                    .put("acquireTime", now)
                    .put("renewTime", now);
            Mono<byte[]> created = registry.create(LEASES, LEASE_NAMESPACE, lease, null, false)
                    .onErrorResume(ApiException.class, e -> e.code() == 409 ? Mono.empty() : Mono.error(e));
            if (block(created)) {
                return;
            }
        }
        block(registry.guaranteedUpdate(LEASES, LEASE_NAMESPACE, name, null, false, current -> {
            ObjectNode updated = current.object().deepCopy();
            ObjectNode spec = child(updated, "spec");
            spec.put("holderIdentity", self.address() + ":" + self.port());
            spec.put("leaseDurationSeconds", leaseDuration.toSeconds());
            spec.put("renewTime", now);
            return updated;
        }));
    }

    /** Address and port of every API server whose Lease is current; expired Leases are removed. */
    private Map<Integer, TreeSet<String>> liveEndpoints(boolean includeSelf) {
        Map<Integer, TreeSet<String>> byPort = new TreeMap<>();
        if (includeSelf) {
            byPort.computeIfAbsent(self.port(), p -> new TreeSet<>()).add(self.address());
        }
        Instant now = clock.instant();
        WatchFilter inNamespace =
                new WatchFilter(LEASE_NAMESPACE, null, LabelSelector.everything(), FieldSelector.everything());
        for (CachedObject cached : cache.list(LEASES, inNamespace, -1, null, 0).items()) {
            String name = cached.key().name();
            if (!name.startsWith(LEASE_PREFIX) || (!includeSelf && name.equals(leaseName(self)))) {
                continue;
            }
            JsonNode spec = parse(cached.json()).path("spec");
            ApiServerEndpoint endpoint = parseHolder(spec.path("holderIdentity").asText(""));
            if (endpoint == null) {
                continue;
            }
            if (expiry(spec).isAfter(now)) {
                byPort.computeIfAbsent(endpoint.port(), p -> new TreeSet<>()).add(endpoint.address());
            } else if (!name.equals(leaseName(self))) {
                log.info("API server endpoint {}:{} expired; removing it", endpoint.address(), endpoint.port());
                block(registry.delete(LEASES, LEASE_NAMESPACE, name, DeleteOptions.defaults())
                        .then()
                        .onErrorResume(ApiException.class, e -> Mono.empty()));
            }
        }
        return byPort;
    }

    private Instant expiry(JsonNode leaseSpec) {
        try {
            Instant renewed = Instant.parse(leaseSpec.path("renewTime").asText(""));
            return renewed.plusSeconds(leaseSpec.path("leaseDurationSeconds").asLong(leaseDuration.toSeconds()));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    // ---- Endpoints and EndpointSlice

    private void writeEndpoints(Map<Integer, TreeSet<String>> byPort) {
        ArrayNode subsets = mapper.createArrayNode();
        byPort.forEach((port, addresses) -> {
            ObjectNode subset = subsets.addObject();
            ArrayNode list = subset.putArray("addresses");
            addresses.forEach(address -> list.addObject().put("ip", address));
            subset.putArray("ports")
                    .addObject()
                    .put("name", PORT_NAME)
                    .put("port", port)
                    .put("protocol", "TCP");
        });
        ObjectNode endpoints = object("v1", "Endpoints", SERVICE_NAME, SERVICE_NAMESPACE);
        ((ObjectNode) endpoints.get("metadata"))
                .putObject("labels")
                .put("endpointslice.kubernetes.io/skip-mirror", "true");
        if (!subsets.isEmpty()) {
            endpoints.set("subsets", subsets);
        }
        createOrReplace(ENDPOINTS, endpoints, "subsets");

        // One slice holds one port: API servers on different ports (unusual) share the first's.
        ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice", SERVICE_NAME, SERVICE_NAMESPACE);
        ((ObjectNode) slice.get("metadata")).putObject("labels").put("kubernetes.io/service-name", SERVICE_NAME);
        slice.put("addressType", "IPv4");
        ArrayNode sliceEndpoints = slice.putArray("endpoints");
        ArrayNode slicePorts = slice.putArray("ports");
        byPort.entrySet().stream().findFirst().ifPresent(entry -> {
            entry.getValue().forEach(address -> {
                ObjectNode endpoint = sliceEndpoints.addObject();
                endpoint.putArray("addresses").add(address);
                endpoint.putObject("conditions").put("ready", true);
            });
            slicePorts
                    .addObject()
                    .put("name", PORT_NAME)
                    .put("port", entry.getKey())
                    .put("protocol", "TCP");
        });
        createOrReplace(ENDPOINT_SLICES, slice, "endpoints", "ports");
    }

    /** Creates {@code desired}, or updates the stored object's {@code fields} (and labels) when they differ. */
    private void createOrReplace(ResourceType type, ObjectNode desired, String... fields) {
        String name = desired.path("metadata").path("name").asText();
        if (cache.get(type, SERVICE_NAMESPACE, name).isEmpty()) {
            Mono<byte[]> created = registry.create(type, SERVICE_NAMESPACE, desired.deepCopy(), null, false)
                    .onErrorResume(ApiException.class, e -> e.code() == 409 ? Mono.empty() : Mono.error(e));
            if (block(created)) {
                return;
            }
        }
        block(registry.guaranteedUpdate(type, SERVICE_NAMESPACE, name, null, false, current -> {
            ObjectNode updated = current.object().deepCopy();
            boolean changed = false;
            for (String field : fields) {
                JsonNode want = desired.get(field);
                JsonNode have = updated.get(field);
                if (want == null ? have != null : !want.equals(have)) {
                    if (want == null) {
                        updated.remove(field);
                    } else {
                        updated.set(field, want.deepCopy());
                    }
                    changed = true;
                }
            }
            ObjectNode labels = child((ObjectNode) updated.get("metadata"), "labels");
            var wanted = desired.path("metadata").path("labels").fields();
            while (wanted.hasNext()) {
                var label = wanted.next();
                if (!label.getValue().equals(labels.get(label.getKey()))) {
                    labels.set(label.getKey(), label.getValue());
                    changed = true;
                }
            }
            return changed ? updated : null;
        }));
    }

    // ---- helpers

    static String leaseName(ApiServerEndpoint endpoint) {
        return LEASE_PREFIX + endpoint.address().replace('.', '-').replace(':', '-') + "-" + endpoint.port();
    }

    static ApiServerEndpoint parseHolder(String holder) {
        int colon = holder.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new ApiServerEndpoint(holder.substring(0, colon), Integer.parseInt(holder.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ObjectNode object(String apiVersion, String kind, String name, String namespace) {
        ObjectNode object = mapper.createObjectNode();
        object.put("apiVersion", apiVersion).put("kind", kind);
        object.putObject("metadata").put("name", name).put("namespace", namespace);
        return object;
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode child ? child : parent.putObject(field);
    }

    private JsonNode parse(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static String microTime(Instant instant) {
        return MICRO_TIME.format(instant);
    }

    /** Waits for a write; true when it produced an object. */
    private static boolean block(Mono<?> write) {
        return write.blockOptional(WRITE_TIMEOUT).isPresent();
    }

    private static ResourceType type(String group, String version, String plural) {
        return CATALOG.byPlural(group, version, plural).orElseThrow();
    }
}
