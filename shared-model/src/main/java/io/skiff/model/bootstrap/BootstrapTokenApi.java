package io.skiff.model.bootstrap;

import java.util.regex.Pattern;

/**
 * The names of Kubernetes' bootstrap tokens (k8s.io/cluster-bootstrap/token/api), shared by the
 * launcher that writes a join token's Secret and the API server that authenticates with it: a
 * token {@code <id>.<secret>} lives in the Secret {@code kube-system/bootstrap-token-<id>} of type
 * {@code bootstrap.kubernetes.io/token} and authenticates as {@code system:bootstrap:<id>} in
 * {@code system:bootstrappers} and its extra groups.
 */
public final class BootstrapTokenApi {

    private BootstrapTokenApi() {}

    public static final String SECRET_NAMESPACE = "kube-system";
    public static final String SECRET_NAME_PREFIX = "bootstrap-token-";
    public static final String SECRET_TYPE = "bootstrap.kubernetes.io/token";

    public static final String TOKEN_ID_KEY = "token-id";
    public static final String TOKEN_SECRET_KEY = "token-secret";
    public static final String EXPIRATION_KEY = "expiration";
    public static final String DESCRIPTION_KEY = "description";
    public static final String USAGE_AUTHENTICATION_KEY = "usage-bootstrap-authentication";
    public static final String USAGE_SIGNING_KEY = "usage-bootstrap-signing";
    public static final String EXTRA_GROUPS_KEY = "auth-extra-groups";

    /** The user a token authenticates as is this prefix and the token's id. */
    public static final String USER_PREFIX = "system:bootstrap:";

    /** The group every bootstrap token is in. */
    public static final String DEFAULT_GROUP = "system:bootstrappers";

    /** {@code <id>.<secret>}: six and sixteen characters of {@code [a-z0-9]}. */
    public static final Pattern TOKEN = Pattern.compile("^([a-z0-9]{6})\\.([a-z0-9]{16})$");

    /** An extra group a token may name: below {@code system:bootstrappers:}. */
    public static final Pattern EXTRA_GROUP = Pattern.compile("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$");
}
