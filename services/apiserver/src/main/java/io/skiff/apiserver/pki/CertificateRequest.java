package io.skiff.apiserver.pki;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a certificate the cluster authority signs says.
 *
 * @param commonName the subject's CN: the user name of a client certificate
 * @param organizations the subject's O entries: the groups of a client certificate
 * @param usage whether it serves TLS or authenticates a client
 * @param dnsNames subject alternative DNS names (serving certificates)
 * @param ipAddresses subject alternative IP addresses, literal (serving certificates)
 * @param validity how long it is valid from its issue
 */
public record CertificateRequest(
        String commonName,
        List<String> organizations,
        Usage usage,
        Set<String> dnsNames,
        Set<String> ipAddresses,
        Duration validity) {

    /** Kubernetes' certificates: one year, as kubeadm and k3s issue them. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    public enum Usage {
        SERVER,
        CLIENT
    }

    public CertificateRequest {
        organizations = List.copyOf(organizations);
        dnsNames = Set.copyOf(dnsNames);
        ipAddresses = Set.copyOf(ipAddresses);
    }

    public static CertificateRequest server(String commonName, Set<String> dnsNames, Set<String> ipAddresses) {
        return new CertificateRequest(commonName, List.of(), Usage.SERVER, dnsNames, ipAddresses, DEFAULT_VALIDITY);
    }

    public static CertificateRequest client(String user, List<String> groups) {
        return new CertificateRequest(user, groups, Usage.CLIENT, Set.of(), Set.of(), DEFAULT_VALIDITY);
    }
}
