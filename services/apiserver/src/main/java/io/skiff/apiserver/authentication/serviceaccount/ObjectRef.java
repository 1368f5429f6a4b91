package io.skiff.apiserver.authentication.serviceaccount;

/** An object a ServiceAccount token names in its kubernetes.io claim: the ServiceAccount, a Pod, Secret or Node. */
public record ObjectRef(String name, String uid) {}
