/**
 * Who is asking: the authenticators that turn a request's credentials into a {@link
 * io.skiff.apiserver.authentication.UserInfo}, tried in kube-apiserver's order by {@link
 * io.skiff.apiserver.authentication.RequestAuthentication} (x509 client certificates, then bearer
 * tokens through {@link io.skiff.apiserver.authentication.TokenAuthenticators}, then anonymous),
 * TokenReview, and the SelfSubjectReview that tells a client who the server thinks it is ({@code
 * kubectl auth whoami}).
 *
 * <p>Sub-packages hold the token authenticators: {@code tokenfile} (--token-auth-file), {@code
 * bootstrap} (bootstrap tokens) and {@code serviceaccount} (ServiceAccount JWTs, their keys and the
 * TokenRequest subresource that issues them). Authorization is not decided here.
 */
package io.skiff.apiserver.authentication;
