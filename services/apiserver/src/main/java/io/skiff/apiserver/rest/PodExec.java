package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.net.URI;
import java.util.List;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * Where a pods/exec request goes, as Kubernetes' ExecLocation finds it: the pod (404 when it does
 * not exist), its container (the only one, or the one named, which must be the pod's: 400
 * otherwise), its node (400 "pod x does not have a host assigned" before it is scheduled), and
 * that node's kubelet endpoint {@code /exec/{ns}/{pod}/{container}} with the PodExecOptions as the
 * kubelet reads them ({@code command}, and {@code input}, {@code output}, {@code error}, {@code tty}
 * as "1").
 */
public final class PodExec {

    private final ObjectRegistry registry;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final String scheme;

    /** Exec relays to kubelets serving TLS ({@code wss}) when {@code secure}, else {@code ws}. */
    public PodExec(ObjectRegistry registry, ResourceType pods, ResourceType nodes, boolean secure) {
        this.registry = registry;
        this.pods = pods;
        this.nodes = nodes;
        this.scheme = secure ? "wss" : "ws";
    }

    /** The kubelet's WebSocket URI for the exec; Kubernetes' refusals as errors. */
    Mono<URI> locate(String namespace, String name, MultiValueMap<String, String> query) {
        Options options = Options.from(query);
        return registry.get(pods, namespace, name).flatMap(json -> {
            JsonNode pod = PodLogs.read(json, "pod " + name);
            String container = PodLogs.container(pod, name, options.container());
            String node = pod.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                return Mono.error(Statuses.badRequest("pod " + name + " does not have a host assigned"));
            }
            return registry.get(nodes, null, node)
                    .map(nodeJson -> PodLogs.kubeletUri(
                            PodLogs.read(nodeJson, "node " + node),
                            scheme,
                            "exec",
                            namespace,
                            name,
                            container,
                            options.kubeletQuery()));
        });
    }

    /**
     * PodExecOptions from a query, as Kubernetes decodes them: stdout and stderr default to true; a
     * flag is false only for "false" (any case) or "0", true for anything else it is given.
     */
    record Options(String container, List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

        static Options from(MultiValueMap<String, String> query) {
            List<String> command = query.get("command");
            return new Options(
                    query.getFirst("container"),
                    command == null ? List.of() : List.copyOf(command),
                    flag(query, "stdin", false),
                    flag(query, "stdout", true),
                    flag(query, "stderr", true),
                    flag(query, "tty", false));
        }

        /** The kubelet's parameters (streamParams): its own names, "1" for true. */
        MultiValueMap<String, String> kubeletQuery() {
            MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
            if (stdin) {
                params.add("input", "1");
            }
            if (stdout) {
                params.add("output", "1");
            }
            if (stderr) {
                params.add("error", "1");
            }
            if (tty) {
                params.add("tty", "1");
            }
            command.forEach(argument -> params.add("command", argument));
            return params;
        }

        private static boolean flag(MultiValueMap<String, String> query, String name, boolean absent) {
            List<String> values = query.get(name);
            if (values == null || values.isEmpty()) {
                return absent;
            }
            String value = values.get(0);
            return !(value.equals("0") || value.equalsIgnoreCase("false"));
        }
    }
}
