package io.skiff.apiserver.authentication;

import java.util.List;

/**
 * Whether a request without credentials is served as {@code system:anonymous}: kube-apiserver's
 * --anonymous-auth, and its AuthenticationConfiguration's anonymous.conditions, which limit
 * anonymous requests to the listed paths (matched exactly).
 *
 * @param enabled whether anonymous requests are allowed at all
 * @param paths the only paths anonymous requests may reach; empty for every path
 */
public record AnonymousAccess(boolean enabled, List<String> paths) {

    public AnonymousAccess {
        paths = List.copyOf(paths);
    }

    public boolean allows(String path) {
        return enabled && (paths.isEmpty() || paths.contains(path));
    }
}
