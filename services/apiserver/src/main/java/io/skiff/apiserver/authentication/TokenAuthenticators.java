package io.skiff.apiserver.authentication;

import java.util.ArrayList;
import java.util.List;

/**
 * kube-apiserver's bearer token union: the authenticators in order, the first that accepts a
 * token wins and the user gains {@code system:authenticated}. A token nobody accepts fails with
 * the errors of those that refused it, or "invalid bearer token" when none knew it.
 */
public final class TokenAuthenticators {

    /** Kubernetes' error for a bearer token that no authenticator knew. */
    public static final String INVALID_BEARER_TOKEN = "invalid bearer token";

    private final List<TokenAuthenticator> authenticators;
    private final List<String> apiAudiences;

    /**
     * @param apiAudiences the audiences a token must be meant for when the caller names none
     *     (kube-apiserver's --api-audiences)
     */
    public TokenAuthenticators(List<TokenAuthenticator> authenticators, List<String> apiAudiences) {
        this.authenticators = List.copyOf(authenticators);
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    /**
     * Authenticates {@code token} for {@code audiences} (empty: the API server's own). The outcome
     * is accepted or rejected, never unknown.
     */
    public TokenOutcome authenticate(String token, List<String> audiences) {
        List<String> target = audiences.isEmpty() ? apiAudiences : audiences;
        List<String> errors = new ArrayList<>();
        for (TokenAuthenticator authenticator : authenticators) {
            TokenOutcome outcome = authenticator.authenticate(token, target);
            if (outcome.isAccepted()) {
                return TokenOutcome.accepted(outcome.user().withAuthenticatedGroup(), outcome.audiences());
            }
            if (outcome.error() != null) {
                errors.add(outcome.error());
            }
        }
        if (errors.isEmpty()) {
            return TokenOutcome.rejected(INVALID_BEARER_TOKEN);
        }
        // Go's aggregate error: one message alone, several in brackets.
        return TokenOutcome.rejected(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }

    public List<String> apiAudiences() {
        return apiAudiences;
    }

    /**
     * An authenticator whose tokens carry no audience (the token file, bootstrap tokens), as
     * Kubernetes wraps them: valid for the API server's audiences only, so it knows nothing of a
     * token asked for under others.
     */
    public static TokenAuthenticator audienceAgnostic(List<String> apiAudiences, TokenAuthenticator delegate) {
        List<String> implicit = List.copyOf(apiAudiences);
        return (token, audiences) -> {
            List<String> valid = intersect(implicit, audiences);
            if (valid.isEmpty()) {
                return TokenOutcome.unknown();
            }
            TokenOutcome outcome = delegate.authenticate(token, audiences);
            return outcome.isAccepted() ? TokenOutcome.accepted(outcome.user(), valid) : outcome;
        };
    }

    /** The members of {@code first} also in {@code second}, in {@code first}'s order. */
    public static List<String> intersect(List<String> first, List<String> second) {
        return first.stream().filter(second::contains).distinct().toList();
    }
}
