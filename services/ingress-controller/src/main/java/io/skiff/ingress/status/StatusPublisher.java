package io.skiff.ingress.status;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import io.skiff.component.client.ResourceClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps status.loadBalancer.ingress of the served Ingresses at the published addresses, and clears
 * it from an Ingress that is no longer served when it still shows exactly those addresses (another
 * controller's addresses are left alone). Runs on its own thread, coalescing requests; a failed
 * write (a conflict with a newer version, say) is tried again after a pause.
 */
public final class StatusPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusPublisher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final ResourceClient<Ingress> ingressClient;
    private final Supplier<List<Ingress>> ingresses;
    private final Supplier<Set<String>> served;
    private final Supplier<List<IngressLoadBalancerIngress>> addresses;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread status = new Thread(runnable, "ingress-status");
        status.setDaemon(true);
        return status;
    });

    /**
     * @param ingresses every Ingress in the cache
     * @param served the namespace/name keys of the Ingresses served now
     * @param addresses the ingress points to publish
     */
    public StatusPublisher(
            ResourceClient<Ingress> ingressClient,
            Supplier<List<Ingress>> ingresses,
            Supplier<Set<String>> served,
            Supplier<List<IngressLoadBalancerIngress>> addresses) {
        this.ingressClient = ingressClient;
        this.ingresses = ingresses;
        this.served = served;
        this.addresses = addresses;
    }

    public void trigger() {
        if (pending.compareAndSet(false, true)) {
            thread.execute(this::sync);
        }
    }

    private void sync() {
        pending.set(false);
        List<IngressLoadBalancerIngress> published = addresses.get();
        Set<String> ours = served.get();
        boolean failed = false;
        for (Ingress ingress : ingresses.get()) {
            String key = ingress.getMetadata().getNamespace() + "/"
                    + ingress.getMetadata().getName();
            List<IngressLoadBalancerIngress> current = current(ingress);
            List<IngressLoadBalancerIngress> wanted;
            if (ours.contains(key)) {
                wanted = published;
            } else if (!current.isEmpty() && current.equals(published)) {
                wanted = List.of();
            } else {
                continue;
            }
            if (!current.equals(wanted)) {
                failed |= !write(ingress, wanted);
            }
        }
        if (failed) {
            thread.schedule(this::trigger, RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean write(Ingress ingress, List<IngressLoadBalancerIngress> wanted) {
        Ingress copy = new IngressBuilder(ingress).build();
        IngressLoadBalancerStatus loadBalancer = new IngressLoadBalancerStatus();
        loadBalancer.setIngress(wanted);
        IngressStatus status = new IngressStatus();
        status.setLoadBalancer(loadBalancer);
        copy.setStatus(status);
        try {
            ingressClient.updateStatus(copy).block(WRITE_TIMEOUT);
            log.info(
                    "ingress {}/{}: status.loadBalancer.ingress {}",
                    ingress.getMetadata().getNamespace(),
                    ingress.getMetadata().getName(),
                    wanted.stream().map(StatusPublisher::text).toList());
            return true;
        } catch (RuntimeException e) {
            log.debug(
                    "ingress {}/{}: status not written, retrying: {}",
                    ingress.getMetadata().getNamespace(),
                    ingress.getMetadata().getName(),
                    e.toString());
            return false;
        }
    }

    private static List<IngressLoadBalancerIngress> current(Ingress ingress) {
        if (ingress.getStatus() == null
                || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress().stream()
                .map(point -> {
                    IngressLoadBalancerIngress plain = new IngressLoadBalancerIngress();
                    plain.setIp(point.getIp());
                    plain.setHostname(point.getHostname());
                    return plain;
                })
                .sorted(Comparator.comparing(StatusPublisher::text))
                .toList();
    }

    private static String text(IngressLoadBalancerIngress point) {
        return Objects.requireNonNullElse(point.getIp(), Objects.requireNonNullElse(point.getHostname(), ""));
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }
}
