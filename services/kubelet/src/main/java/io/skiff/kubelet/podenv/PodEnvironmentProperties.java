package io.skiff.kubelet.podenv;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What pods' DNS and volumes need from the kubelet's settings ({@code skiff.kubelet.*}), named after
 * the KubeletConfiguration fields.
 *
 * @param clusterDns the cluster DNS server addresses pods with dnsPolicy ClusterFirst use (clusterDNS;
 *     the kube-dns Service's 10.96.0.10 by default)
 * @param clusterDomain the cluster's DNS domain (clusterDomain)
 * @param resolvConf the node's resolver file, whose search domains pods inherit (resolvConf)
 * @param nodeHostsFile the node's hosts file, which hostNetwork pods see
 * @param volumeRefreshPeriod how often configMap, secret, downwardAPI and projected volumes are
 *     projected again between pod syncs (the kubelet's syncFrequency-driven refresh)
 */
@ConfigurationProperties("skiff.kubelet")
public record PodEnvironmentProperties(
        @DefaultValue("10.96.0.10") List<String> clusterDns,
        @DefaultValue("cluster.local") String clusterDomain,
        @DefaultValue("/etc/resolv.conf") Path resolvConf,
        @DefaultValue("/etc/hosts") Path nodeHostsFile,
        @DefaultValue("60s") Duration volumeRefreshPeriod) {}
