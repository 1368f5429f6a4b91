package io.skiff.apiserver.pki;

import io.skiff.apiserver.validation.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names and addresses clients reach the API server by, which its serving certificate must carry
 * as subject alternative names.
 */
public record ServingNames(Set<String> dnsNames, Set<String> ipAddresses) {

    public ServingNames {
        dnsNames = Set.copyOf(dnsNames);
        ipAddresses = ipAddresses.stream().map(ServingNames::canonical).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * What kube-apiserver's certificate carries: {@code localhost} and 127.0.0.1, the {@code
     * kubernetes} Service's names in the cluster domain and its cluster IP, and the host's name and
     * addresses.
     */
    public static ServingNames forApiServer(
            String clusterDomain, String kubernetesServiceIp, String hostName, Collection<String> hostAddresses) {
        Set<String> dns = new LinkedHashSet<>();
        dns.add("localhost");
        dns.add("kubernetes");
        dns.add("kubernetes.default");
        dns.add("kubernetes.default.svc");
        dns.add("kubernetes.default.svc." + clusterDomain);
        if (hostName != null && !hostName.isBlank()) {
            dns.add(hostName);
        }
        Set<String> ips = new LinkedHashSet<>();
        ips.add("127.0.0.1");
        ips.add("::1");
        ips.add(kubernetesServiceIp);
        ips.addAll(hostAddresses);
        return new ServingNames(dns, ips);
    }

    /**
     * These and {@code extra} names, as k3s's --tls-san takes them: each an IP address or a DNS name
     * (a load balancer's, say).
     */
    public ServingNames plus(Collection<String> extra) {
        Set<String> dns = new LinkedHashSet<>(dnsNames);
        Set<String> ips = new LinkedHashSet<>(ipAddresses);
        for (String name : extra) {
            (IpAddresses.parse(name) != null ? ips : dns).add(name);
        }
        return new ServingNames(dns, ips);
    }

    /** Whether a certificate made for {@code other} also serves every name here. */
    boolean coveredBy(ServingNames other) {
        return other.dnsNames.containsAll(dnsNames) && other.ipAddresses.containsAll(ipAddresses);
    }

    /** An address as the JDK writes it (IPv6 in full, "0:0:0:0:0:0:0:1"), so sets compare as addresses. */
    private static String canonical(String ip) {
        byte[] bytes = IpAddresses.parse(ip);
        if (bytes == null) {
            return ip; // not an address: refused when a certificate is issued for it
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
    }
}
