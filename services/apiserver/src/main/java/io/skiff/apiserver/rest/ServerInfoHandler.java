package io.skiff.apiserver.rest;

import io.skiff.apiserver.storage.ChangeFeed;
import io.skiff.apiserver.watch.WatchCache;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** /version and the Kubernetes health endpoints /healthz, /livez and /readyz (with ?verbose). */
public final class ServerInfoHandler {

    /** The Kubernetes release whose API Skiff serves; kubectl picks its behaviour by it. */
    public static final String KUBERNETES_MINOR = "32";

    private final Map<String, BooleanSupplier> readinessChecks = new LinkedHashMap<>();

    public ServerInfoHandler(WatchCache cache, ChangeFeed feed) {
        readinessChecks.put("ping", () -> true);
        // Kubernetes calls its storage check "etcd"; here it is PostgreSQL, as behind k3s's kine.
        readinessChecks.put("etcd", feed::following);
        readinessChecks.put("watch-cache", cache::isLoaded);
    }

    public Mono<ServerResponse> version(ServerRequest request) {
        String body = "{\"major\":\"1\",\"minor\":\"" + KUBERNETES_MINOR + "\",\"gitVersion\":\"v1." + KUBERNETES_MINOR
                + ".0-skiff\",\"gitCommit\":\"\",\"gitTreeState\":\"clean\",\"buildDate\":\"\",\"goVersion\":\"java"
                + System.getProperty("java.specification.version") + "\",\"compiler\":\"javac\",\"platform\":\"linux/"
                + arch() + "\"}";
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    public Mono<ServerResponse> live(ServerRequest request) {
        return report(request, Map.of("ping", () -> true));
    }

    public Mono<ServerResponse> ready(ServerRequest request) {
        return report(request, readinessChecks);
    }

    private static Mono<ServerResponse> report(ServerRequest request, Map<String, BooleanSupplier> checks) {
        StringBuilder verbose = new StringBuilder();
        boolean healthy = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok = check.getValue().getAsBoolean();
            healthy &= ok;
            verbose.append(ok ? "[+]" : "[-]")
                    .append(check.getKey())
                    .append(ok ? " ok\n" : " failed: reason withheld\n");
        }
        String body = request.queryParam("verbose").isPresent()
                ? verbose + (healthy ? "healthz check passed\n" : "healthz check failed\n")
                : healthy ? "ok" : verbose + "healthz check failed\n";
        return ServerResponse.status(healthy ? HttpStatus.OK : HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(body);
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("x86_64") || arch.equals("amd64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }
}
