package io.skiff.apiserver.authorization;

/** Decides whether a request may be served, as Kubernetes' authorizer.Authorizer. */
@FunctionalInterface
public interface Authorizer {

    Decision authorize(RequestAttributes attributes);

    /** Anything goes: kube-apiserver's {@code --authorization-mode=AlwaysAllow}. */
    Authorizer ALWAYS_ALLOW = attributes -> Decision.ALLOW;

    /** Nothing goes: {@code AlwaysDeny}, with Kubernetes' reason. */
    Authorizer ALWAYS_DENY = attributes -> Decision.deny("Everything is forbidden.");
}
