package io.skiff.apiserver.authentication;

import java.util.List;

/**
 * One of kube-apiserver's bearer token authenticators: the static token file, bootstrap tokens,
 * ServiceAccount tokens. Each says whether it accepts a token, does not know it, or knows it and
 * refuses it.
 */
public interface TokenAuthenticator {

    /**
     * @param token the bearer token
     * @param audiences the audiences the caller wants the token valid for (a TokenReview's
     *     spec.audiences); empty for the API server's own audiences
     */
    TokenOutcome authenticate(String token, List<String> audiences);
}
