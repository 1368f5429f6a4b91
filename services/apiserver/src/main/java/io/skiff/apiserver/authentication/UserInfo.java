package io.skiff.apiserver.authentication;

import java.util.List;

/**
 * Who makes a request, as Kubernetes' user.Info: the name, a uid when the authenticator knows one,
 * and the groups, {@code system:authenticated} or {@code system:unauthenticated} among them.
 */
public record UserInfo(String name, String uid, List<String> groups) {

    public static final String AUTHENTICATED = "system:authenticated";
    public static final String UNAUTHENTICATED = "system:unauthenticated";

    /** Kubernetes' anonymous user, for requests with no credentials. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", null, List.of(UNAUTHENTICATED));

    public UserInfo {
        groups = List.copyOf(groups);
    }

    public boolean authenticated() {
        return groups.contains(AUTHENTICATED);
    }
}
