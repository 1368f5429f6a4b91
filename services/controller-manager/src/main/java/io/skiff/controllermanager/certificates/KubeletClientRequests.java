package io.skiff.controllermanager.certificates;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes' ValidateKubeletClientCSR: what a kubernetes.io/kube-apiserver-client-kubelet
 * request must look like, for the signer to sign it and the approver to recognize it as a node's.
 */
public final class KubeletClientRequests {

    public static final String NODES_GROUP = "system:nodes";
    public static final String NODE_USER_PREFIX = "system:node:";

    /** Listed as Kubernetes lists kubeletClientRequiredUsages in its error, sorted. */
    private static final List<String> REQUIRED_USAGES = List.of("client auth", "digital signature", "key encipherment");

    private static final Set<String> REQUIRED_USAGES_NO_RSA = Set.of("client auth", "digital signature");

    private KubeletClientRequests() {}

    /** Why the request is not a kubelet client request, or empty when it is one. */
    public static Optional<String> problem(RequestedNames names, List<String> usages) {
        if (!names.organizations().equals(List.of(NODES_GROUP))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (!names.dnsNames().isEmpty()) {
            return Optional.of("DNS subjectAltNames are not allowed");
        }
        if (!names.emailAddresses().isEmpty()) {
            return Optional.of("Email subjectAltNames are not allowed");
        }
        if (!names.ipAddresses().isEmpty()) {
            return Optional.of("IP subjectAltNames are not allowed");
        }
        if (!names.uris().isEmpty()) {
            return Optional.of("URI subjectAltNames are not allowed");
        }
        if (!names.commonName().startsWith(NODE_USER_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        Set<String> requested = new HashSet<>(usages);
        if (!requested.equals(Set.copyOf(REQUIRED_USAGES)) && !requested.equals(REQUIRED_USAGES_NO_RSA)) {
            return Optional.of("usages did not match [" + String.join(" ", REQUIRED_USAGES) + "]");
        }
        return Optional.empty();
    }
}
