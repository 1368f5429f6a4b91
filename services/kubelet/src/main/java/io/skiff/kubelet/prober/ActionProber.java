package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.skiff.kubelet.cri.RuntimeService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a container's probe through its action (exec, httpGet, tcpSocket or grpc), trying up to
 * three times while the action errors, and records what Kubernetes records: {@code Unhealthy}
 * ({@code Liveness probe failed: ...}, {@code Readiness probe errored and resulted in unknown
 * state: ...}) and {@code ProbeWarning} ({@code Liveness probe warning: ...}).
 */
final class ActionProber implements Prober {

    private static final Logger log = LoggerFactory.getLogger(ActionProber.class);

    static final int MAX_TRIES = 3;

    private final ExecProbe exec;
    private final HttpProbe http;
    private final TcpProbe tcp;
    private final GrpcProbe grpc;
    private final ProbeEvents events;
    private final ProbeNetwork network;

    ActionProber(RuntimeService runtime, ProbeEvents events, ProbeNetwork network) {
        this(new ExecProbe(runtime), new HttpProbe(), new TcpProbe(), new GrpcProbe(), events, network);
    }

    ActionProber(ExecProbe exec, HttpProbe http, TcpProbe tcp, GrpcProbe grpc, ProbeEvents events) {
        this(exec, http, tcp, grpc, events, ProbeNetwork.direct());
    }

    ActionProber(
            ExecProbe exec, HttpProbe http, TcpProbe tcp, GrpcProbe grpc, ProbeEvents events, ProbeNetwork network) {
        this.exec = exec;
        this.http = http;
        this.tcp = tcp;
        this.grpc = grpc;
        this.events = events;
        this.network = network;
    }

    @Override
    public ProbeResult probe(ProbeType type, Pod pod, PodStatus status, Container container, String containerId)
            throws ProbeActionException {
        Probe probe = type.probeOf(container);
        if (probe == null) {
            return ProbeResult.SUCCESS;
        }
        ActionResult result;
        try {
            result = runWithRetries(probe, pod, status, container, containerId);
        } catch (ProbeActionException e) {
            log.debug(
                    "{} probe of {}/{} container {} errored: {}",
                    type,
                    namespace(pod),
                    name(pod),
                    container.getName(),
                    e.getMessage());
            events.warning(
                    pod,
                    container,
                    ProbeEvents.UNHEALTHY,
                    type + " probe errored and resulted in " + e.outcome() + " state: " + e.getMessage());
            throw e;
        }
        switch (result.outcome()) {
            case SUCCESS -> {
                return ProbeResult.SUCCESS;
            }
            case WARNING -> {
                events.warning(pod, container, ProbeEvents.PROBE_WARNING, type + " probe warning: " + result.output());
                return ProbeResult.SUCCESS;
            }
            case FAILURE -> {
                log.debug(
                        "{} probe of {}/{} container {} failed: {}",
                        type,
                        namespace(pod),
                        name(pod),
                        container.getName(),
                        result.output());
                events.warning(pod, container, ProbeEvents.UNHEALTHY, type + " probe failed: " + result.output());
                return ProbeResult.FAILURE;
            }
            default -> {
                return ProbeResult.FAILURE;
            }
        }
    }

    private ActionResult runWithRetries(Probe probe, Pod pod, PodStatus status, Container container, String containerId)
            throws ProbeActionException {
        ProbeActionException last = null;
        for (int i = 0; i < MAX_TRIES; i++) {
            try {
                return run(probe, pod, status, container, containerId);
            } catch (ProbeActionException e) {
                last = e;
            }
        }
        throw last;
    }

    private ActionResult run(Probe probe, Pod pod, PodStatus status, Container container, String containerId)
            throws ProbeActionException {
        Duration timeout = ProbeSettings.of(probe).timeout();
        String podIp = status.getPodIP() == null ? "" : status.getPodIP();
        if (probe.getExec() != null) {
            List<String> command = probe.getExec().getCommand() == null
                    ? List.of()
                    : probe.getExec().getCommand();
            return exec.run(ContainerIds.runtimeId(containerId), ExecProbe.command(command, container), timeout);
        }
        Optional<String> unreachable = network.unreachableBecause();
        if (unreachable.isPresent()
                && (probe.getHttpGet() != null || probe.getTcpSocket() != null || probe.getGrpc() != null)) {
            throw new ProbeActionException("network probes cannot run on this node: " + unreachable.get());
        }
        if (probe.getHttpGet() != null) {
            return http.run(HttpProbe.request(probe.getHttpGet(), container, podIp), timeout);
        }
        if (probe.getTcpSocket() != null) {
            TCPSocketAction action = probe.getTcpSocket();
            int port = ContainerPorts.resolve(action.getPort(), container);
            String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
            return tcp.run(host, port, timeout);
        }
        if (probe.getGrpc() != null) {
            GRPCAction action = probe.getGrpc();
            int port = action.getPort() == null ? 0 : action.getPort();
            return grpc.run(podIp, port, action.getService() == null ? "" : action.getService(), timeout);
        }
        throw new ProbeActionException("missing probe handler for " + name(pod) + "_" + namespace(pod) + "("
                + pod.getMetadata().getUid() + "):" + container.getName());
    }

    private static String namespace(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
