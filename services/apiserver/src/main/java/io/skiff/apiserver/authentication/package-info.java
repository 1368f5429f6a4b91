/**
 * Who is asking: the authenticators that turn a request's credentials into a {@link
 * io.skiff.apiserver.authentication.UserInfo}, tried in order as kube-apiserver's are, and the
 * SelfSubjectReview that tells a client who the server thinks it is ({@code kubectl auth whoami}).
 *
 * <p>So far: x509 client certificates verified by the TLS layer against the cluster CA, else
 * anonymous. Nothing is refused on identity yet; authorization comes with RBAC.
 */
package io.skiff.apiserver.authentication;
