package io.skiff.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authentication.MapLookup;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.json.KubeJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import reactor.core.scheduler.Schedulers;

/** A ServiceAccount, a pod running as it, keys, a TokenRequest issuer and an authenticator over them. */
final class TokenFixture {

    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    static final List<String> API = List.of(ISSUER);
    static final ServiceAccountTokenAuthenticator.Types TYPES = new ServiceAccountTokenAuthenticator.Types(
            ResourceCatalog.builtin().byPlural("", "v1", "serviceaccounts").orElseThrow(),
            ResourceCatalog.builtin().byPlural("", "v1", "pods").orElseThrow(),
            ResourceCatalog.builtin().byPlural("", "v1", "secrets").orElseThrow(),
            ResourceCatalog.builtin().byPlural("", "v1", "nodes").orElseThrow());

    /** A clock a test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final MapLookup objects = new MapLookup();
    final ServiceAccountKeys keys = new ServiceAccountKeys(ServiceAccountKeys.generate(), List.of());
    Duration maxExpiration;
    boolean extendExpiration = true;

    TokenFixture() {
        objects.put(TYPES.serviceAccounts(), "ns", serviceAccount("robot", "sa-uid"));
        objects.put(TYPES.pods(), "ns", pod("web", "pod-uid", "robot", "node-1", null));
        objects.put(TYPES.nodes(), null, "{\"metadata\":{\"name\":\"node-1\",\"uid\":\"node-uid\"}}");
        objects.put(
                TYPES.secrets(),
                "ns",
                "{\"metadata\":{\"name\":\"creds\",\"namespace\":\"ns\",\"uid\":\"secret-uid\"}}");
    }

    static String serviceAccount(String name, String uid) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"ns\",\"uid\":\"" + uid + "\"}}";
    }

    static String pod(String name, String uid, String serviceAccount, String node, String deletionTimestamp) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"ns\",\"uid\":\"" + uid + "\""
                + (deletionTimestamp == null ? "" : ",\"deletionTimestamp\":\"" + deletionTimestamp + "\"")
                + "},\"spec\":{\"serviceAccountName\":\"" + serviceAccount + "\",\"nodeName\":\"" + node + "\"}}";
    }

    TokenRequests requests() {
        return new TokenRequests(
                objects,
                TYPES,
                new ServiceAccountTokenSigner(keys),
                new TokenRequests.Settings(ISSUER, API, maxExpiration, extendExpiration),
                clock,
                Schedulers.immediate());
    }

    ServiceAccountTokenAuthenticator authenticator() {
        return new ServiceAccountTokenAuthenticator(ISSUER, keys, API, objects, TYPES, clock);
    }

    /** Issues a token for robot with the given TokenRequest spec, returns the reply. */
    JsonNode request(String specJson) {
        ObjectNode body = parse(
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + specJson + "}");
        return parse(new String(requests().issue("ns", "robot", body).body()));
    }

    String token(String specJson) {
        return request(specJson).path("status").path("token").asText();
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The token's payload, decoded. */
    static JsonNode payload(String token) {
        String part = token.split("\\.")[1];
        return parse(new String(java.util.Base64.getUrlDecoder().decode(part)));
    }
}
