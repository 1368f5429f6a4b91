package io.skiff.apiserver.authentication;

import java.util.List;

/**
 * What a {@link TokenAuthenticator} made of a token: a user and the audiences the token is valid
 * for; nothing (not a token it knows, Kubernetes' {@code nil, false, nil}); or an error that says
 * why a token it recognised is refused.
 */
public record TokenOutcome(UserInfo user, List<String> audiences, String error) {

    private static final TokenOutcome UNKNOWN = new TokenOutcome(null, List.of(), null);

    public TokenOutcome {
        audiences = List.copyOf(audiences);
    }

    public static TokenOutcome accepted(UserInfo user, List<String> audiences) {
        return new TokenOutcome(user, audiences, null);
    }

    public static TokenOutcome unknown() {
        return UNKNOWN;
    }

    public static TokenOutcome rejected(String error) {
        return new TokenOutcome(null, List.of(), error);
    }

    public boolean isAccepted() {
        return user != null;
    }
}
