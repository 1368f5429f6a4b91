package io.skiff.controllermanager.certificates.signing;

import io.skiff.controllermanager.certificates.KubeletClientRequests;
import io.skiff.controllermanager.certificates.RequestedNames;
import io.skiff.controllermanager.certificates.Signers;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each well-known signer accepts (the isRecognized checks of Kubernetes' csrsigning
 * controller); a request it refuses gets a Failed condition instead of a certificate.
 */
interface SignerPolicy {

    /** Why this signer refuses the request, or empty when it signs it. */
    Optional<String> problem(RequestedNames names, List<String> usages);

    Map<String, SignerPolicy> WELL_KNOWN = Map.of(
            Signers.KUBE_APISERVER_CLIENT_KUBELET, KubeletClientRequests::problem,
            Signers.KUBE_APISERVER_CLIENT, SignerPolicy::apiServerClient,
            Signers.KUBELET_SERVING, SignerPolicy::kubeletServing);

    /** Any client certificate: client auth, optionally digital signature and key encipherment. */
    private static Optional<String> apiServerClient(RequestedNames names, List<String> usages) {
        boolean clientAuth = false;
        for (String usage : usages) {
            switch (usage) {
                case "digital signature", "key encipherment" -> {}
                case "client auth" -> clientAuth = true;
                default -> {
                    return Optional.of("invalid usage for client certificate: " + usage);
                }
            }
        }
        return clientAuth
                ? Optional.empty()
                : Optional.of("missing required usage for client certificate: client auth");
    }

    /** A node's serving certificate: system:nodes, a DNS or IP name, server auth (isKubeletServing). */
    private static Optional<String> kubeletServing(RequestedNames names, List<String> usages) {
        if (!names.organizations().equals(List.of(KubeletClientRequests.NODES_GROUP))) {
            return Optional.of("subject organization is not system:nodes");
        }
        if (names.dnsNames().isEmpty() && names.ipAddresses().isEmpty()) {
            return Optional.of("at least one DNS or IP subjectAltName is required");
        }
        if (!names.emailAddresses().isEmpty()) {
            return Optional.of("Email subjectAltNames are not allowed");
        }
        if (!names.uris().isEmpty()) {
            return Optional.of("URI subjectAltNames are not allowed");
        }
        Set<String> requested = new HashSet<>(usages);
        if (!requested.equals(Set.of("digital signature", "key encipherment", "server auth"))
                && !requested.equals(Set.of("digital signature", "server auth"))) {
            return Optional.of("usages did not match [digital signature key encipherment server auth]");
        }
        if (!names.commonName().startsWith(KubeletClientRequests.NODE_USER_PREFIX)) {
            return Optional.of("subject common name does not begin with system:node:");
        }
        return Optional.empty();
    }
}
