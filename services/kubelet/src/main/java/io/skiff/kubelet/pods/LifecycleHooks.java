package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.cri.ExecResult;
import io.skiff.kubelet.cri.RuntimeService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a container's postStart and preStop handlers (Kubernetes' handlerRunner): exec in the
 * container, an HTTP GET to the pod (a status from 200 to 399 succeeds), or a sleep. tcpSocket is
 * not supported as a lifecycle handler, as in Kubernetes.
 */
final class LifecycleHooks {

    private final RuntimeService runtime;
    private final HttpClient http;

    LifecycleHooks(RuntimeService runtime) {
        this.runtime = runtime;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Runs {@code handler} for the container, for at most {@code timeout}.
     *
     * @param podIp the address an httpGet without host goes to
     * @return empty on success, else what failed
     */
    Optional<String> run(
            Pod pod,
            Container container,
            String containerId,
            LifecycleHandler handler,
            Duration timeout,
            String podIp) {
        try {
            if (handler.getExec() != null) {
                return exec(pod, container, containerId, handler.getExec().getCommand(), timeout);
            }
            if (handler.getHttpGet() != null) {
                return httpGet(container, handler.getHttpGet(), timeout, podIp);
            }
            if (handler.getSleep() != null) {
                long seconds = Math.max(0, handler.getSleep().getSeconds());
                Thread.sleep(Math.min(Duration.ofSeconds(seconds).toMillis(), timeout.toMillis()));
                return Optional.empty();
            }
            return Optional.of("invalid handler: " + handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.toString());
        }
    }

    private Optional<String> exec(
            Pod pod, Container container, String containerId, List<String> command, Duration timeout) {
        ExecResult result = runtime.execSync(containerId, command, timeout);
        if (result.exitCode() == 0 && !result.timedOut()) {
            return Optional.empty();
        }
        String error = result.timedOut()
                ? "command timed out"
                : "command '" + String.join(" ", command) + "' exited with " + result.exitCode();
        return Optional.of("Exec lifecycle hook (" + command + ") for Container \"" + container.getName()
                + "\" in Pod \"" + PodNames.format(pod) + "\" failed - error: " + error + ", message: \""
                + new String(result.stdout(), StandardCharsets.UTF_8)
                + new String(result.stderr(), StandardCharsets.UTF_8) + "\"");
    }

    private Optional<String> httpGet(Container container, HTTPGetAction action, Duration timeout, String podIp)
            throws IOException, InterruptedException {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("HTTP lifecycle hook for Container \"" + container.getName()
                    + "\" failed - error: the pod has no IP");
        }
        int port = port(container, action.getPort());
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase(Locale.ROOT);
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://" + authority + ":" + port + path))
                .timeout(timeout)
                .GET();
        if (action.getHttpHeaders() != null) {
            for (HTTPHeader header : action.getHttpHeaders()) {
                request.header(header.getName(), header.getValue());
            }
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() >= 200 && response.statusCode() < 400) {
            return Optional.empty();
        }
        return Optional.of("HTTP lifecycle hook (" + path + ") for Container \"" + container.getName()
                + "\" failed - error: HTTP status " + response.statusCode());
    }

    /** A numeric port, or the container port of that name. */
    private static int port(Container container, IntOrString port) {
        if (port == null) {
            throw new IllegalArgumentException("the handler names no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (name.equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("couldn't find port: " + name + " in " + container.getName());
        }
    }
}
