package io.skiff.apiserver.authentication.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authentication.ObjectLookup;
import io.skiff.apiserver.authentication.TokenAuthenticator;
import io.skiff.apiserver.authentication.TokenOutcome;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.bootstrap.BootstrapTokenApi;
import io.skiff.model.catalog.ResourceType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' bootstrap token authenticator: a token {@code <id>.<secret>} whose Secret {@code
 * kube-system/bootstrap-token-<id>} (read from the watch cache) is of the bootstrap type, not being
 * deleted, holds the same id and secret (compared in constant time), has not expired and allows
 * authentication. The user is {@code system:bootstrap:<id>} in {@code system:bootstrappers} and
 * the Secret's auth-extra-groups; a Secret naming a group outside {@code system:bootstrappers:}
 * authenticates nobody, as in Kubernetes. Every refusal is "not my token", so the caller sees
 * only "invalid bearer token"; the reason is logged.
 */
public final class BootstrapTokenAuthenticator implements TokenAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(BootstrapTokenAuthenticator.class);

    private final ObjectLookup objects;
    private final ResourceType secrets;
    private final Clock clock;

    public BootstrapTokenAuthenticator(ObjectLookup objects, ResourceType secrets, Clock clock) {
        this.objects = objects;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public TokenOutcome authenticate(String token, List<String> audiences) {
        Matcher matcher = BootstrapTokenApi.TOKEN.matcher(token);
        if (!matcher.matches()) {
            return TokenOutcome.unknown();
        }
        String id = matcher.group(1);
        String secretName = BootstrapTokenApi.SECRET_NAME_PREFIX + id;
        Optional<ObjectNode> found = objects.cached(secrets, BootstrapTokenApi.SECRET_NAMESPACE, secretName);
        if (found.isEmpty()) {
            log.debug("No secret of name {} to match bootstrap bearer token", secretName);
            return TokenOutcome.unknown();
        }
        ObjectNode secret = found.get();
        if (!secret.path("metadata").path("deletionTimestamp").isMissingNode()
                && !secret.path("metadata").path("deletionTimestamp").isNull()) {
            return refuse(secretName, "is deleted and awaiting removal");
        }
        if (!BootstrapTokenApi.SECRET_TYPE.equals(secret.path("type").asText())
                || !secret.path("data").isObject()) {
            return refuse(secretName, "has invalid type, expected " + BootstrapTokenApi.SECRET_TYPE + ".");
        }
        String storedSecret = data(secret, BootstrapTokenApi.TOKEN_SECRET_KEY);
        if (!MessageDigest.isEqual(
                storedSecret.getBytes(StandardCharsets.UTF_8), matcher.group(2).getBytes(StandardCharsets.UTF_8))) {
            return refuse(secretName, "has invalid value for key " + BootstrapTokenApi.TOKEN_SECRET_KEY + ".");
        }
        if (!id.equals(data(secret, BootstrapTokenApi.TOKEN_ID_KEY))) {
            return refuse(secretName, "has invalid value for key " + BootstrapTokenApi.TOKEN_ID_KEY + ".");
        }
        String expiration = data(secret, BootstrapTokenApi.EXPIRATION_KEY);
        if (!expiration.isEmpty() && expired(expiration)) {
            return refuse(secretName, "has expired (" + expiration + ").");
        }
        if (!"true".equals(data(secret, BootstrapTokenApi.USAGE_AUTHENTICATION_KEY))) {
            return refuse(secretName, "not marked " + BootstrapTokenApi.USAGE_AUTHENTICATION_KEY + "=true.");
        }
        TreeSet<String> groups = new TreeSet<>(List.of(BootstrapTokenApi.DEFAULT_GROUP));
        String extraGroups = data(secret, BootstrapTokenApi.EXTRA_GROUPS_KEY);
        if (!extraGroups.isEmpty()) {
            for (String group : extraGroups.split(",", -1)) {
                if (!BootstrapTokenApi.EXTRA_GROUP.matcher(group).matches()) {
                    return refuse(
                            secretName,
                            "has invalid value for key " + BootstrapTokenApi.EXTRA_GROUPS_KEY + ": bootstrap group \""
                                    + group + "\" is invalid (must match "
                                    + BootstrapTokenApi.EXTRA_GROUP.pattern() + ").");
                }
                groups.add(group);
            }
        }
        return TokenOutcome.accepted(
                new UserInfo(BootstrapTokenApi.USER_PREFIX + id, null, List.copyOf(groups)), audiences);
    }

    /** An unreadable expiration counts as expired, as in Kubernetes. */
    private boolean expired(String expiration) {
        try {
            return !OffsetDateTime.parse(expiration).toInstant().isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static TokenOutcome refuse(String secretName, String why) {
        log.info("Bootstrap secret {}/{} {}", BootstrapTokenApi.SECRET_NAMESPACE, secretName, why);
        return TokenOutcome.unknown();
    }

    /** A key of the Secret's data, decoded; empty when absent or not base64. */
    private static String data(ObjectNode secret, String key) {
        JsonNode value = secret.path("data").path(key);
        if (!value.isTextual()) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
