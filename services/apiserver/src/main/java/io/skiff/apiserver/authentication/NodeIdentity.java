package io.skiff.apiserver.authentication;

import java.util.Optional;

/**
 * Which node a user is, as Kubernetes' default node identifier: a user named
 * {@code system:node:<name>} in the group {@code system:nodes}.
 */
public final class NodeIdentity {

    public static final String USER_PREFIX = "system:node:";
    public static final String NODES_GROUP = "system:nodes";

    private NodeIdentity() {}

    /** The node's name ("" when the user is in the nodes group but its name names none); empty if not a node. */
    public static Optional<String> of(UserInfo user) {
        if (user == null
                || !user.name().startsWith(USER_PREFIX)
                || !user.groups().contains(NODES_GROUP)) {
            return Optional.empty();
        }
        return Optional.of(user.name().substring(USER_PREFIX.length()));
    }
}
