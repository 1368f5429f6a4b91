package io.skiff.apiserver.authentication;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who makes a request, as Kubernetes' user.Info: the name, a uid when the authenticator knows one,
 * the groups ({@code system:authenticated} or {@code system:unauthenticated} among them) and the
 * extra attributes some authenticators add (a ServiceAccount token's pod, for one).
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";

    /** Kubernetes' anonymous user, for requests with no credentials. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", null, List.of(UNAUTHENTICATED));

    public UserInfo {
        groups = List.copyOf(groups);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extra.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        extra = java.util.Collections.unmodifiableMap(copy);
    }

    /** A user without extra attributes. */
    public UserInfo(String name, String uid, List<String> groups) {
        this(name, uid, groups, Map.of());
    }

    public boolean authenticated() {
        return groups.contains(AUTHENTICATED);
    }

    /**
     * This user with {@code system:authenticated} added, as kube-apiserver's authenticated-group
     * adder does for whoever passed an authenticator (unless a group already says either way).
     */
    public UserInfo withAuthenticatedGroup() {
        if (groups.contains(AUTHENTICATED) || groups.contains(UNAUTHENTICATED)) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(groups);
        all.add(AUTHENTICATED);
        return new UserInfo(name, uid, all, extra);
    }
}
