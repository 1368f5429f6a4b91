package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.registry.ObjectRegistry;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * pods/log, proxied to the pod's kubelet as Kubernetes' pod LogLocation and LocationStreamer do:
 * the options are validated (PodLogOptions), the container is chosen or checked against the pod's
 * spec, the node's address and kubelet port come from its status, and the kubelet's
 * {@code /containerLogs/{ns}/{pod}/{container}} answer is streamed through as it comes (follow
 * never buffers). A kubelet refusal becomes a Status with its message; an unreachable kubelet a
 * 500 in Go's words.
 *
 * <p>The kubelet is reached over plain HTTP for now; TLS to the kubelet (and the API server's
 * client certificate) comes with the security issue.
 */
public final class PodLogs {

    /** The kubelet port Kubernetes assumes when the Node does not publish one. */
    static final int DEFAULT_KUBELET_PORT = 10250;

    private static final List<String> FLAGS = List.of("follow", "previous", "timestamps");
    private static final List<String> NUMBERS = List.of("sinceSeconds", "tailLines", "limitBytes");

    private final ObjectRegistry registry;
    private final ResourceType nodes;
    private final WebClient client;
    private final String scheme;

    /** pods/log through {@code client}, to kubelets serving HTTPS when {@code secure}, else HTTP. */
    public PodLogs(ObjectRegistry registry, ResourceType nodes, WebClient client, boolean secure) {
        this.registry = registry;
        this.nodes = nodes;
        this.client = client;
        this.scheme = secure ? "https" : "http";
    }

    Mono<ServerResponse> logs(ResourceType pods, String namespace, String name, MultiValueMap<String, String> query) {
        return Mono.fromCallable(() -> kubeletQuery(name, query))
                .flatMap(params -> registry.get(pods, namespace, name).flatMap(json -> {
                    JsonNode pod = read(json, "pod " + name);
                    String container = container(pod, name, query.getFirst("container"));
                    String node = pod.path("spec").path("nodeName").asText("");
                    if (node.isEmpty()) {
                        return Mono.error(Statuses.badRequest("pod " + name + " does not have a host assigned"));
                    }
                    return registry.get(nodes, null, node).flatMap(nodeJson -> {
                        URI uri = kubeletUri(
                                read(nodeJson, "node " + node),
                                scheme,
                                "containerLogs",
                                namespace,
                                name,
                                container,
                                params);
                        return proxy(uri);
                    });
                }));
    }

    private Mono<ServerResponse> proxy(URI uri) {
        return client.get()
                .uri(uri)
                .accept(MediaType.ALL)
                .retrieve()
                .onStatus(HttpStatusCode::isError, PodLogs::refusal)
                .toEntityFlux(DataBuffer.class)
                .onErrorMap(WebClientRequestException.class, e -> unreachable(uri, e))
                .flatMap(entity -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_PLAIN)
                        .body((message, context) ->
                                message.writeAndFlushWith(entity.getBody().map(Mono::just))));
    }

    /** The kubelet's refusal as Kubernetes' GenericHttpResponseChecker turns it into a Status. */
    private static Mono<ApiException> refusal(ClientResponse response) {
        int code = response.statusCode().value();
        return response.bodyToMono(String.class).defaultIfEmpty("").map(body -> switch (code) {
            case 400 -> Statuses.badRequest(body);
            case 404 -> Statuses.failure(404, "NotFound", body, null);
            case 500 -> Statuses.internalError(body);
            default -> Statuses.failure(code, "", body, null);
        });
    }

    /** Go's error for a failed dial, as the API server reports it when no kubelet answers. */
    private static ApiException unreachable(URI uri, WebClientRequestException e) {
        Throwable cause = e.getMostSpecificCause();
        String dial = cause instanceof ConnectException
                ? "dial tcp " + uri.getHost() + ":" + uri.getPort() + ": connect: connection refused"
                : String.valueOf(cause.getMessage());
        return Statuses.failure(500, "", "Get \"" + uri + "\": " + dial, null);
    }

    /** The container asked for, or the only one; Kubernetes' validateContainer refusals otherwise. */
    static String container(JsonNode pod, String name, String requested) {
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> inits = names(pod.path("spec").path("initContainers"));
        List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
        if (requested == null || requested.isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            if (containers.isEmpty()) {
                throw Statuses.badRequest("a container name must be specified for pod " + name);
            }
            String message =
                    "a container name must be specified for pod " + name + ", choose one of: " + goList(containers);
            if (!inits.isEmpty()) {
                message += " or one of the init containers: " + goList(inits);
            }
            if (!ephemeral.isEmpty()) {
                message += " or one of the ephemeral containers: " + goList(ephemeral);
            }
            throw Statuses.badRequest(message);
        }
        if (containers.contains(requested) || inits.contains(requested) || ephemeral.contains(requested)) {
            return requested;
        }
        throw Statuses.badRequest("container " + requested + " is not valid for pod " + name);
    }

    /**
     * The query the kubelet gets, after ValidatePodLogOptions: tailLines at least 0, limitBytes and
     * sinceSeconds at least 1, not both sinceSeconds and sinceTime (422 Invalid PodLogOptions).
     */
    static MultiValueMap<String, String> kubeletQuery(String name, MultiValueMap<String, String> query) {
        UriComponentsBuilder params = UriComponentsBuilder.newInstance();
        for (String flag : FLAGS) {
            String value = query.getFirst(flag);
            if (value != null && !value.isEmpty()) {
                if (!value.matches("1|t|T|true|TRUE|True|0|f|F|false|FALSE|False")) {
                    throw Statuses.badRequest("strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
                }
                if (value.matches("1|t|T|true|TRUE|True")) {
                    params.queryParam(flag, "true");
                }
            }
        }
        Long[] numbers = new Long[NUMBERS.size()];
        for (int i = 0; i < NUMBERS.size(); i++) {
            String value = query.getFirst(NUMBERS.get(i));
            if (value != null && !value.isEmpty()) {
                try {
                    numbers[i] = Long.valueOf(value);
                } catch (NumberFormatException e) {
                    throw Statuses.badRequest("strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
                }
            }
        }
        Long sinceSeconds = numbers[0];
        Long tailLines = numbers[1];
        Long limitBytes = numbers[2];
        String sinceTime = query.getFirst("sinceTime");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                OffsetDateTime.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw Statuses.badRequest("parsing time \"" + sinceTime + "\" as \"2006-01-02T15:04:05Z07:00\": "
                        + "cannot parse \"" + sinceTime + "\" as \"2006\"");
            }
        } else {
            sinceTime = null;
        }
        List<StatusCause> causes = new ArrayList<>();
        if (tailLines != null && tailLines < 0) {
            causes.add(invalid("tailLines", tailLines, "must be greater than or equal to 0"));
        }
        if (limitBytes != null && limitBytes < 1) {
            causes.add(invalid("limitBytes", limitBytes, "must be greater than 0"));
        }
        if (sinceSeconds != null && sinceTime != null) {
            causes.add(new StatusCause(
                    "",
                    "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified",
                    "FieldValueForbidden"));
        } else if (sinceSeconds != null && sinceSeconds < 1) {
            causes.add(invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
        }
        if (!causes.isEmpty()) {
            throw Statuses.invalid("", "PodLogOptions", name, causes);
        }
        for (int i = 0; i < NUMBERS.size(); i++) {
            if (numbers[i] != null) {
                params.queryParam(NUMBERS.get(i), numbers[i]);
            }
        }
        if (sinceTime != null) {
            params.queryParam("sinceTime", sinceTime);
        }
        return params.build().getQueryParams();
    }

    /**
     * scheme://address:port/endpoint/ns/pod/container?query on the node's kubelet, the address
     * InternalIP else Hostname, the port the Node publishes; the query escaped as Go's
     * url.Values.Encode does (but a space as %20), names in the path as they are (they are DNS
     * labels and subdomains).
     */
    static URI kubeletUri(
            JsonNode node,
            String scheme,
            String endpoint,
            String namespace,
            String pod,
            String container,
            MultiValueMap<String, String> params) {
        String address = null;
        for (String type : List.of("InternalIP", "Hostname")) {
            for (JsonNode candidate : node.path("status").path("addresses")) {
                if (address == null && type.equals(candidate.path("type").asText())) {
                    address = candidate.path("address").asText(null);
                }
            }
        }
        if (address == null || address.isEmpty()) {
            List<String> known = new ArrayList<>();
            node.path("status")
                    .path("addresses")
                    .forEach(a -> known.add("{" + a.path("type").asText() + " "
                            + a.path("address").asText() + "}"));
            throw Statuses.failure(500, "", "no preferred addresses found; known addresses: " + known, null);
        }
        int port = node.path("status")
                .path("daemonEndpoints")
                .path("kubeletEndpoint")
                .path("Port")
                .asInt(0);
        StringBuilder query = new StringBuilder();
        params.forEach((key, values) -> values.forEach(value -> query.append(query.isEmpty() ? "" : "&")
                .append(QueryStrings.escape(key))
                .append('=')
                .append(QueryStrings.escape(value))));
        return UriComponentsBuilder.newInstance()
                .scheme(scheme)
                .host(address)
                .port(port > 0 ? port : DEFAULT_KUBELET_PORT)
                .pathSegment(endpoint, namespace, pod, container)
                .query(query.isEmpty() ? null : query.toString())
                .build(true)
                .toUri();
    }

    private static StatusCause invalid(String field, long value, String detail) {
        return new StatusCause(field, "Invalid value: " + value + ": " + detail, "FieldValueInvalid");
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** A list as Go's %s prints a []string: {@code [a b]}. */
    private static String goList(List<String> names) {
        return "[" + String.join(" ", names) + "]";
    }

    static JsonNode read(byte[] json, String what) {
        try {
            return KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw Statuses.internalError("stored " + what + " is not valid JSON");
        }
    }
}
