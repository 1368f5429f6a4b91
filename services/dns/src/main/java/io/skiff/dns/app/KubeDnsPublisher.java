package io.skiff.dns.app;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the kube-dns Service and its EndpointSlice in place (see {@link KubeDnsObjects}): creates
 * what is missing, puts back ports and endpoints that differ, on start, whenever the informers see
 * either object change, and every publish interval. A Service already there keeps its cluster IP
 * (immutable); every replica writes the same objects, so several need no coordination.
 */
final class KubeDnsPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KubeDnsPublisher.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final KubeClient client;
    private final String clusterIp;
    private final Supplier<Optional<Endpoint>> endpoint;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean warnedNoAddress;

    /** Where pods reach this server; its address may be unknown (then the slice lists no endpoint). */
    record Endpoint(Optional<InetAddress> address, int port) {}

    KubeDnsPublisher(KubeClient client, String clusterIp, Supplier<Optional<Endpoint>> endpoint, Duration interval) {
        this.client = client;
        this.clusterIp = clusterIp;
        this.endpoint = endpoint;
        this.interval = interval;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dns-kube-dns-publisher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** After the server has its port. */
    static final int PHASE = DnsServing.PHASE + 100;

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
        executor.scheduleWithFixedDelay(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Asks for a check soon; calls made while one is queued share it. */
    void trigger() {
        if (running && pending.compareAndSet(false, true)) {
            executor.execute(() -> {
                pending.set(false);
                publish();
            });
        }
    }

    private void publish() {
        Optional<Endpoint> target = endpoint.get();
        if (target.isEmpty()) {
            return;
        }
        try {
            Service service = ensureService(target.get().port());
            if (service != null) {
                ensureSlice(service, target.get());
            }
        } catch (RuntimeException e) {
            log.warn("cannot publish {}/{}: {}", KubeDnsObjects.NAMESPACE, KubeDnsObjects.SERVICE, e.getMessage());
        }
    }

    private Service ensureService(int port) {
        var services = client.resources(Service.class);
        Service existing =
                services.find(KubeDnsObjects.NAMESPACE, KubeDnsObjects.SERVICE).block(REQUEST_TIMEOUT);
        if (existing == null) {
            try {
                Service created =
                        services.create(KubeDnsObjects.service(clusterIp, port)).block(REQUEST_TIMEOUT);
                log.info("created Service {}/{} at {}", KubeDnsObjects.NAMESPACE, KubeDnsObjects.SERVICE, clusterIp);
                return created;
            } catch (RuntimeException e) {
                if (ApiErrors.isAlreadyExists(e)) {
                    return services.get(KubeDnsObjects.NAMESPACE, KubeDnsObjects.SERVICE)
                            .block(REQUEST_TIMEOUT);
                }
                throw e;
            }
        }
        if (!clusterIp.equals(existing.getSpec().getClusterIP())) {
            log.warn(
                    "Service {}/{} has cluster IP {}, not {}: pods told to use {} will not reach DNS",
                    KubeDnsObjects.NAMESPACE,
                    KubeDnsObjects.SERVICE,
                    existing.getSpec().getClusterIP(),
                    clusterIp,
                    clusterIp);
        }
        if (KubeDnsObjects.portsMatch(existing, port) && hasAppLabel(existing)) {
            return existing;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (existing.getMetadata().getLabels() != null) {
            labels.putAll(existing.getMetadata().getLabels());
        }
        labels.put(KubeDnsObjects.APP_LABEL, KubeDnsObjects.SERVICE);
        Service updated = new ServiceBuilder(existing)
                .editMetadata()
                .withLabels(labels)
                .endMetadata()
                .editSpec()
                .withPorts(KubeDnsObjects.servicePorts(port))
                .endSpec()
                .build();
        return updateOrNull(() -> services.update(updated).block(REQUEST_TIMEOUT));
    }

    private void ensureSlice(Service service, Endpoint target) {
        if (target.address().isEmpty() && !warnedNoAddress) {
            warnedNoAddress = true;
            log.warn("no address where pods reach this DNS server yet (skiff.dns.node-address, or the first of"
                    + " skiff.dns.node-name's podCIDR): the kube-dns EndpointSlice lists no endpoint");
        }
        var slices = client.resources(EndpointSlice.class);
        EndpointSlice wanted = KubeDnsObjects.slice(service, target.address(), target.port());
        EndpointSlice existing =
                slices.find(KubeDnsObjects.NAMESPACE, KubeDnsObjects.SLICE).block(REQUEST_TIMEOUT);
        if (existing == null) {
            try {
                slices.create(wanted).block(REQUEST_TIMEOUT);
                log.info(
                        "created EndpointSlice {}/{} → {}:{}",
                        KubeDnsObjects.NAMESPACE,
                        KubeDnsObjects.SLICE,
                        target.address().map(InetAddress::getHostAddress).orElse("(none)"),
                        target.port());
            } catch (RuntimeException e) {
                if (!ApiErrors.isAlreadyExists(e)) {
                    throw e;
                }
                trigger();
            }
            return;
        }
        if (KubeDnsObjects.sliceMatches(existing, wanted)) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (existing.getMetadata().getLabels() != null) {
            labels.putAll(existing.getMetadata().getLabels());
        }
        labels.putAll(wanted.getMetadata().getLabels());
        EndpointSlice updated = new EndpointSliceBuilder(existing)
                .editMetadata()
                .withLabels(labels)
                .withOwnerReferences(wanted.getMetadata().getOwnerReferences())
                .endMetadata()
                .withAddressType(wanted.getAddressType())
                .withEndpoints(wanted.getEndpoints())
                .withPorts(wanted.getPorts())
                .build();
        updateOrNull(() -> slices.update(updated).block(REQUEST_TIMEOUT));
    }

    /** A conflict means someone else wrote first: look again soon rather than fail. */
    private <T> T updateOrNull(Supplier<T> update) {
        try {
            return update.get();
        } catch (RuntimeException e) {
            if (ApiErrors.isConflict(e)) {
                trigger();
                return null;
            }
            throw e;
        }
    }

    private static boolean hasAppLabel(Service service) {
        Map<String, String> labels = service.getMetadata().getLabels();
        return labels != null && KubeDnsObjects.SERVICE.equals(labels.get(KubeDnsObjects.APP_LABEL));
    }
}
