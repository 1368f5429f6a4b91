package io.skiff.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.skiff.apiserver.authentication.ObjectLookup;
import io.skiff.apiserver.authentication.TokenAuthenticator;
import io.skiff.apiserver.authentication.TokenAuthenticators;
import io.skiff.apiserver.authentication.TokenOutcome;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.time.KubeTimes;
import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Kubernetes' ServiceAccount token authenticator: a JWT of this server's issuer, signed by one of
 * its {@link ServiceAccountKeys}, meant for one of the target audiences, within its validity (a
 * minute's leeway, as go-jose allows), whose ServiceAccount still exists with the same uid, and
 * whose bound Pod, Secret or Node still exists with the same uid and was not deleted more than a
 * minute ago. The user is {@code system:serviceaccount:<ns>:<name>}, uid the ServiceAccount's, in
 * {@code system:serviceaccounts} and {@code system:serviceaccounts:<ns>}, with the pod, node and
 * credential id as extra. Errors carry Kubernetes' messages.
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {

    public static final String POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
    public static final String POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
    public static final String NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
    public static final String NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
    public static final String CREDENTIAL_ID_KEY = "authentication.kubernetes.io/credential-id";

    static final String INVALIDATED = "service account token has been invalidated";

    /** go-jose's jwt.DefaultLeeway, which Kubernetes validates times and deletions with. */
    static final Duration LEEWAY = Duration.ofMinutes(1);

    /** The objects a token's claims are checked against. */
    public record Types(ResourceType serviceAccounts, ResourceType pods, ResourceType secrets, ResourceType nodes) {}

    private final String issuer;
    private final ServiceAccountKeys keys;
    private final List<String> apiAudiences;
    private final ObjectLookup objects;
    private final Types types;
    private final Clock clock;

    public ServiceAccountTokenAuthenticator(
            String issuer,
            ServiceAccountKeys keys,
            List<String> apiAudiences,
            ObjectLookup objects,
            Types types,
            Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.objects = objects;
        this.types = types;
        this.clock = clock;
    }

    @Override
    public TokenOutcome authenticate(String token, List<String> audiences) {
        JWSObject jws;
        JsonNode payload;
        try {
            jws = JWSObject.parse(token);
            payload = KubeJson.mapper().readTree(jws.getPayload().toString());
        } catch (ParseException | IOException | RuntimeException e) {
            return TokenOutcome.unknown(); // not a JWT: some other authenticator's token
        }
        if (payload == null || !issuer.equals(payload.path("iss").asText(null))) {
            return TokenOutcome.unknown();
        }
        List<PublicKey> candidates = keys.verificationKeys(jws.getHeader().getKeyID());
        if (candidates.isEmpty()) {
            return TokenOutcome.rejected("invalid signature, no keys found");
        }
        if (candidates.stream().noneMatch(key -> verifies(jws, key))) {
            return TokenOutcome.rejected("go-jose/go-jose: error in cryptographic primitive");
        }
        ServiceAccountClaims claims = ServiceAccountClaims.fromJson(payload);
        if (claims == null) {
            return TokenOutcome.rejected(
                    "service account token claims could not be validated due to unexpected private claim");
        }
        List<String> tokenAudiences = claims.audiences().isEmpty() ? apiAudiences : claims.audiences();
        List<String> valid = TokenAuthenticators.intersect(tokenAudiences, audiences);
        if (valid.isEmpty() && !apiAudiences.isEmpty()) {
            return TokenOutcome.rejected("token audiences " + goQuoted(tokenAudiences)
                    + " is invalid for the target audiences " + goQuoted(audiences));
        }
        Optional<String> invalid = validate(claims);
        if (invalid.isPresent()) {
            return TokenOutcome.rejected(invalid.get());
        }
        return TokenOutcome.accepted(user(claims), valid);
    }

    private static boolean verifies(JWSObject jws, PublicKey key) {
        try {
            JWSVerifier verifier;
            if (key instanceof ECPublicKey ec) {
                verifier = new ECDSAVerifier(ec);
            } else if (key instanceof RSAPublicKey rsa) {
                verifier = new RSASSAVerifier(rsa);
            } else {
                return false;
            }
            return verifier.supportedJWSAlgorithms().contains(jws.getHeader().getAlgorithm()) && jws.verify(verifier);
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Kubernetes' validator: times, then the ServiceAccount and the bound objects. */
    private Optional<String> validate(ServiceAccountClaims claims) {
        Instant now = clock.instant();
        if (claims.notBefore() != null && now.plus(LEEWAY).isBefore(claims.notBefore())) {
            return Optional.of("service account token is not valid yet");
        }
        if (claims.expiry() != null && now.minus(LEEWAY).isAfter(claims.expiry())) {
            return Optional.of("service account token has expired");
        }
        if (claims.issuedAt() != null && now.plus(LEEWAY).isBefore(claims.issuedAt())) {
            return Optional.of("service account token is issued in the future");
        }
        Instant invalidIfDeletedBefore = now.minus(LEEWAY);
        String namespace = claims.namespace();
        ObjectRef account = claims.serviceAccount();
        Optional<ObjectNode> serviceAccount = objects.cachedOrLive(types.serviceAccounts(), namespace, account.name());
        if (serviceAccount.isEmpty()) {
            return Optional.of("serviceaccounts \"" + account.name() + "\" not found");
        }
        if (!uid(serviceAccount.get()).equals(account.uid())) {
            return Optional.of("service account UID (%s) does not match claim (%s)"
                    .formatted(uid(serviceAccount.get()), account.uid()));
        }
        if (deletedBefore(serviceAccount.get(), invalidIfDeletedBefore)) {
            return Optional.of("service account " + namespace + "/" + account.name() + " has been deleted");
        }
        Optional<String> problem = Optional.empty();
        if (claims.secret() != null) {
            problem = checkBound(
                    types.secrets(),
                    namespace,
                    claims.secret(),
                    invalidIfDeletedBefore,
                    "secret UID (%s) does not match service account secret ref claim (%s)");
        }
        if (problem.isEmpty() && claims.pod() != null) {
            problem = checkBound(
                    types.pods(),
                    namespace,
                    claims.pod(),
                    invalidIfDeletedBefore,
                    "pod UID (%s) does not match service account pod ref claim (%s)");
        }
        // A pod-bound token's node is information only; a node-bound token is checked against it.
        if (problem.isEmpty() && claims.node() != null && claims.pod() == null) {
            problem = checkBound(
                    types.nodes(),
                    null,
                    claims.node(),
                    invalidIfDeletedBefore,
                    "node UID (%s) does not match service account node ref claim (%s)");
        }
        return problem;
    }

    /**
     * A bound object: missing or deleted over a minute ago invalidates the token (Kubernetes says
     * no more than that); another uid means it was recreated.
     */
    private Optional<String> checkBound(
            ResourceType type, String namespace, ObjectRef ref, Instant invalidIfDeletedBefore, String uidMismatch) {
        Optional<ObjectNode> found = objects.cachedOrLive(type, namespace, ref.name());
        if (found.isEmpty()) {
            return Optional.of(INVALIDATED);
        }
        if (!uid(found.get()).equals(ref.uid())) {
            return Optional.of(uidMismatch.formatted(uid(found.get()), ref.uid()));
        }
        if (deletedBefore(found.get(), invalidIfDeletedBefore)) {
            return Optional.of(INVALIDATED);
        }
        return Optional.empty();
    }

    private static String uid(ObjectNode object) {
        return object.path("metadata").path("uid").asText("");
    }

    private static boolean deletedBefore(ObjectNode object, Instant instant) {
        Optional<Instant> deletion = KubeTimes.parse(
                object.path("metadata").path("deletionTimestamp").asText(""));
        return deletion.isPresent() && deletion.get().isBefore(instant);
    }

    static UserInfo user(ServiceAccountClaims claims) {
        String namespace = claims.namespace();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        if (claims.pod() != null && !claims.pod().uid().isEmpty()) {
            extra.put(POD_NAME_KEY, List.of(claims.pod().name()));
            extra.put(POD_UID_KEY, List.of(claims.pod().uid()));
        }
        if (claims.id() != null && !claims.id().isEmpty()) {
            extra.put(CREDENTIAL_ID_KEY, List.of("JTI=" + claims.id()));
        }
        if (claims.node() != null) {
            extra.put(NODE_NAME_KEY, List.of(claims.node().name()));
            if (!claims.node().uid().isEmpty()) {
                extra.put(NODE_UID_KEY, List.of(claims.node().uid()));
            }
        }
        return new UserInfo(
                claims.subject(),
                claims.serviceAccount().uid(),
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace),
                extra);
    }

    /** A list as Go's %q prints a []string: {@code ["a" "b"]}. */
    private static String goQuoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(" ", "[", "]"));
    }
}
