package io.skiff.apiserver.registry;

import io.skiff.apiserver.authentication.UserInfo;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Who a write is made for, carried to the registry in the Reactor context of the request (as
 * Kubernetes carries the user in the request's context), so admission sees the user without every
 * registry method taking one. Writes with none (the API server's own, at start) have no user.
 */
public final class Requester {

    private static final Class<UserInfo> KEY = UserInfo.class;

    private Requester() {}

    /** The context in which the registry writes for {@code user}. */
    public static Context of(UserInfo user) {
        return Context.of(KEY, user);
    }

    /** The requesting user, or null for the API server's own writes. */
    public static UserInfo from(ContextView context) {
        return context.getOrDefault(KEY, null);
    }
}
