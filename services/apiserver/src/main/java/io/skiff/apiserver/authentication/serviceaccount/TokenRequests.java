package io.skiff.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.apiserver.authentication.ObjectLookup;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The TokenRequest subresource, {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token},
 * as Kubernetes' token REST storage: checks the request, issues a signed ServiceAccount token and
 * answers the TokenRequest with status.token and status.expirationTimestamp.
 *
 * <p>As Kubernetes: expirationSeconds defaults to 3600 and may not be under 600 (422) nor over
 * 2^32; a configured maximum shortens it with a warning; audiences default to the API audiences;
 * a token bound to a Pod, Secret or Node needs the object to exist (404) with the given uid (409),
 * and a Pod must run as this ServiceAccount (400). A pod-bound token of 3607 s for the API
 * audiences (kubelet's kube-api-access volume) is valid for a year but carries warnafter at the
 * requested expiry, when extension is on (kube-apiserver's default), so old clients that do not
 * refresh tokens keep working while their use is noticed.
 */
public final class TokenRequests {

    static final String GROUP = "authentication.k8s.io";
    static final String KIND = "TokenRequest";
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 1L << 32;
    /** kubelet's kube-api-access token lifetime, which marks a token eligible for extension. */
    public static final long WARN_ONLY_EXPIRATION_SECONDS = 3607;
    /** How long an extended token is valid: a year. */
    public static final long EXTENDED_EXPIRATION_SECONDS = 365L * 24 * 60 * 60;

    /**
     * @param issuer the iss of issued tokens
     * @param apiAudiences the default audiences
     * @param maxExpiration the longest validity a request gets (null: no cap)
     * @param extendExpiration whether kubelet's 3607 s pod-bound tokens are valid for a year
     */
    public record Settings(String issuer, List<String> apiAudiences, Duration maxExpiration, boolean extendExpiration) {
        public Settings {
            apiAudiences = List.copyOf(apiAudiences);
        }
    }

    /** The answer: the TokenRequest's JSON and any warnings for the client. */
    public record Created(byte[] body, List<String> warnings) {}

    private final ObjectLookup objects;
    private final ServiceAccountTokenAuthenticator.Types types;
    private final ServiceAccountTokenSigner signer;
    private final Settings settings;
    private final Clock clock;
    private final Scheduler storageScheduler;

    public TokenRequests(
            ObjectLookup objects,
            ServiceAccountTokenAuthenticator.Types types,
            ServiceAccountTokenSigner signer,
            Settings settings,
            Clock clock,
            Scheduler storageScheduler) {
        this.objects = objects;
        this.types = types;
        this.signer = signer;
        this.settings = settings;
        this.clock = clock;
        this.storageScheduler = storageScheduler;
    }

    public Mono<Created> create(String namespace, String name, ObjectNode request) {
        return Mono.fromCallable(() -> issue(namespace, name, request)).subscribeOn(storageScheduler);
    }

    Created issue(String namespace, String name, ObjectNode request) {
        String requestName = request.path("metadata").path("name").asText("");
        if (!requestName.isEmpty() && !requestName.equals(name)) {
            throw invalid(
                    name, "metadata.name", quoted(requestName), "must match the service account name if specified");
        }
        String requestNamespace = request.path("metadata").path("namespace").asText("");
        if (!requestNamespace.isEmpty() && !requestNamespace.equals(namespace)) {
            throw invalid(
                    name,
                    "metadata.namespace",
                    quoted(requestNamespace),
                    "must match the service account namespace if specified");
        }
        ObjectNode serviceAccount = objects.live(types.serviceAccounts(), namespace, name)
                .orElseThrow(() -> Statuses.notFound("", "serviceaccounts", name));
        JsonNode spec = request.path("spec");
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        if (audiences.isEmpty()) {
            audiences.addAll(settings.apiAudiences());
        }
        long expirationSeconds = spec.path("expirationSeconds").isIntegralNumber()
                ? spec.path("expirationSeconds").asLong()
                : DEFAULT_EXPIRATION_SECONDS;
        Instant now = clock.instant();
        if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
            throw invalid(
                    "",
                    "spec.expirationSeconds",
                    Long.toString(expirationSeconds),
                    "may not specify a duration less than 10 minutes");
        }
        if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
            throw invalid(
                    "",
                    "spec.expirationSeconds",
                    Long.toString(expirationSeconds),
                    "may not specify a duration larger than 2^32 seconds");
        }

        ObjectRef pod = null;
        ObjectRef secret = null;
        ObjectRef node = null;
        JsonNode boundRef = spec.path("boundObjectRef");
        if (boundRef.isObject()) {
            String apiVersion = boundRef.path("apiVersion").asText("");
            String kind = boundRef.path("kind").asText("");
            String refName = boundRef.path("name").asText("");
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            ObjectNode bound;
            switch (group.isEmpty() ? kind : "") {
                case "Pod" -> {
                    bound = objects.live(types.pods(), namespace, refName)
                            .orElseThrow(() -> Statuses.notFound("", "pods", refName));
                    if (!name.equals(
                            bound.path("spec").path("serviceAccountName").asText(""))) {
                        throw Statuses.badRequest("cannot bind token for serviceaccount \"" + name
                                + "\" to pod running with different serviceaccount name.");
                    }
                    pod = new ObjectRef(refName, uid(bound));
                    String nodeName = bound.path("spec").path("nodeName").asText("");
                    if (!nodeName.isEmpty()) {
                        // A node that does not exist (any more) still names where the pod runs, without a uid.
                        node = objects.cachedOrLive(types.nodes(), null, nodeName)
                                .map(n -> new ObjectRef(nodeName, uid(n)))
                                .orElse(new ObjectRef(nodeName, ""));
                    }
                }
                case "Secret" -> {
                    bound = objects.live(types.secrets(), namespace, refName)
                            .orElseThrow(() -> Statuses.notFound("", "secrets", refName));
                    secret = new ObjectRef(refName, uid(bound));
                }
                case "Node" -> {
                    bound = objects.live(types.nodes(), null, refName)
                            .orElseThrow(() -> Statuses.notFound("", "nodes", refName));
                    node = new ObjectRef(refName, uid(bound));
                }
                default ->
                    throw Statuses.badRequest(
                            "cannot bind token to object of type " + groupVersionKind(apiVersion, kind));
            }
            String wantedUid = boundRef.path("uid").asText("");
            if (!wantedUid.isEmpty() && !wantedUid.equals(uid(bound))) {
                throw Statuses.conflict(
                        group,
                        kind,
                        refName,
                        "the UID in the bound object reference (" + wantedUid
                                + ") does not match the UID in record. The object might have been deleted and then"
                                + " recreated");
            }
        }

        List<String> warnings = new ArrayList<>();
        if (settings.maxExpiration() != null
                && expirationSeconds > settings.maxExpiration().toSeconds()) {
            long max = settings.maxExpiration().toSeconds();
            warnings.add("requested expiration of " + expirationSeconds + " seconds shortened to " + max + " seconds");
            expirationSeconds = max;
        }
        long validSeconds = expirationSeconds;
        Instant warnAfter = null;
        if (settings.extendExpiration()
                && pod != null
                && expirationSeconds == WARN_ONLY_EXPIRATION_SECONDS
                && settings.apiAudiences().containsAll(audiences)) {
            warnAfter = now.plusSeconds(expirationSeconds);
            validSeconds = EXTENDED_EXPIRATION_SECONDS;
        }
        ServiceAccountClaims claims = new ServiceAccountClaims(
                settings.issuer(),
                audiences,
                now,
                now,
                now.plusSeconds(validSeconds),
                UUID.randomUUID().toString(),
                namespace,
                new ObjectRef(name, uid(serviceAccount)),
                pod,
                secret,
                node,
                warnAfter);
        String token = signer.sign(claims);

        ObjectNode reply = KubeJson.mapper().createObjectNode();
        reply.put("kind", KIND);
        reply.put("apiVersion", GROUP + "/v1");
        ObjectNode metadata = reply.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.put("creationTimestamp", KubeTimes.time(now));
        ObjectNode replySpec = reply.putObject("spec");
        var replyAudiences = replySpec.putArray("audiences");
        audiences.forEach(replyAudiences::add);
        replySpec.put("expirationSeconds", expirationSeconds);
        if (boundRef.isObject()) {
            replySpec.set("boundObjectRef", boundRef.deepCopy());
        } else {
            replySpec.putNull("boundObjectRef");
        }
        ObjectNode status = reply.putObject("status");
        status.put("token", token);
        status.put("expirationTimestamp", KubeTimes.time(now.plusSeconds(expirationSeconds)));
        return new Created(reply.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), warnings);
    }

    private static String uid(JsonNode object) {
        return object.path("metadata").path("uid").asText("");
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }

    /** Go's schema.GroupVersionKind.String(): {@code group/version, Kind=kind}. */
    private static String groupVersionKind(String apiVersion, String kind) {
        String groupVersion = apiVersion.contains("/") ? apiVersion : "/" + apiVersion;
        return groupVersion + ", Kind=" + kind;
    }

    private static RuntimeException invalid(String name, String field, String value, String detail) {
        return Statuses.invalid(
                GROUP,
                KIND,
                name,
                List.of(new StatusCause(field, "Invalid value: " + value + ": " + detail, "FieldValueInvalid")));
    }
}
