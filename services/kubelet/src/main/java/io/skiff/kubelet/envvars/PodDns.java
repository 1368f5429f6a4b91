package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.skiff.kubelet.cri.PodSandboxConfig.DnsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A pod's resolver settings by its dnsPolicy, as the kubelet's DNS configurer computes them:
 *
 * <ul>
 *   <li>ClusterFirst (not on the host network) and ClusterFirstWithHostNet: the cluster DNS
 *       Service IPs as the only nameservers, search {@code <ns>.svc.<domain> svc.<domain> <domain>}
 *       then the node's search domains, {@code options ndots:5};
 *   <li>Default (and ClusterFirst on the host network): the node's resolv.conf;
 *   <li>None: nothing but the pod's dnsConfig.
 * </ul>
 *
 * The pod's dnsConfig is appended in every case (duplicates dropped, its options overriding), then
 * the result is cut to Kubernetes' limits with a DNSConfigForming event.
 */
public final class PodDns {

    static final int MAX_NAMESERVERS = 3;
    static final int MAX_SEARCH_PATHS = 32;
    static final int MAX_SEARCH_LIST_CHARS = 2048;
    static final int MAX_SEARCH_PATH_LENGTH = 253;

    private final Settings settings;

    /**
     * @param clusterDns the cluster DNS Service IPs (the kubelet's clusterDNS); empty when unknown
     * @param clusterDomain the cluster's domain, {@code cluster.local} by default; empty for none
     * @param resolverConfig the node's resolv.conf; null to resolve through the node itself
     * @param nodeIps the node's addresses, for the loopback resolver without a resolv.conf
     */
    public record Settings(List<String> clusterDns, String clusterDomain, Path resolverConfig, List<String> nodeIps) {
        public Settings {
            clusterDns = List.copyOf(clusterDns);
            nodeIps = List.copyOf(nodeIps);
        }
    }

    /** @param config the sandbox's DNS settings */
    public record Result(DnsConfig config, List<WarningEvent> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    public PodDns(Settings settings) {
        this.settings = settings;
    }

    /**
     * @throws UncheckedIOException when the node's resolv.conf cannot be read
     * @throws IllegalArgumentException when it is malformed
     */
    public Result configFor(Pod pod) {
        List<WarningEvent> warnings = new ArrayList<>();
        DnsConfig host = hostConfig();
        List<String> servers = new ArrayList<>(host.servers());
        List<String> searches = new ArrayList<>(host.searches());
        List<String> options = new ArrayList<>(host.options());
        String policy = pod.getSpec().getDnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        boolean cluster = "ClusterFirstWithHostNet".equals(policy)
                || (!hostNetwork && !"Default".equals(policy) && !"None".equals(policy));
        if ("None".equals(policy)) {
            servers.clear();
            searches.clear();
            options.clear();
        } else if (cluster && !settings.clusterDns().isEmpty()) {
            servers = new ArrayList<>(settings.clusterDns());
            searches = clusterSearches(searches, pod.getMetadata().getNamespace());
            options = new ArrayList<>(List.of("ndots:5"));
        } else {
            if (cluster) {
                String nodeMessage = "kubelet does not have ClusterDNS IP configured and cannot create Pod using"
                        + " \"ClusterFirst\" policy. Falling back to \"Default\" policy.";
                warnings.add(WarningEvent.aboutNode("MissingClusterDNS", nodeMessage));
                warnings.add(WarningEvent.aboutPod(
                        "MissingClusterDNS",
                        "pod: \"" + pod.getMetadata().getName() + "_"
                                + pod.getMetadata().getNamespace() + "("
                                + pod.getMetadata().getUid() + ")\". " + nodeMessage));
            }
            if (settings.resolverConfig() == null) {
                // without a resolv.conf the node itself resolves, as the resolver library does with no nameserver
                servers = new ArrayList<>();
                for (String ip : settings.nodeIps()) {
                    servers.add(IpAddresses.isIpv6(ip) ? "::1" : "127.0.0.1");
                }
                if (servers.isEmpty()) {
                    servers.add("127.0.0.1");
                }
                searches = new ArrayList<>(List.of("."));
            }
        }
        PodDNSConfig podConfig = pod.getSpec().getDnsConfig();
        if (podConfig != null) {
            servers = withoutDuplicates(servers, podConfig.getNameservers());
            searches = withoutDuplicates(searches, podConfig.getSearches());
            options = mergeOptions(options, podConfig.getOptions());
        }
        servers = fitNameservers(servers, warnings);
        searches = fitSearches(searches, warnings);
        return new Result(new DnsConfig(servers, searches, options), warnings);
    }

    private DnsConfig hostConfig() {
        Path path = settings.resolverConfig();
        if (path == null) {
            return new DnsConfig(List.of(), List.of(), List.of());
        }
        try {
            return ResolvConf.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("open " + path + ": no such file or directory", e);
        } catch (IOException e) {
            throw new UncheckedIOException("open " + path + ": " + e.getMessage(), e);
        }
    }

    private List<String> clusterSearches(List<String> hostSearches, String namespace) {
        String domain = settings.clusterDomain();
        if (domain == null || domain.isEmpty()) {
            return hostSearches;
        }
        List<String> searches = new ArrayList<>(List.of(namespace + ".svc." + domain, "svc." + domain, domain));
        searches.addAll(hostSearches);
        return new ArrayList<>(new LinkedHashSet<>(searches));
    }

    private static List<String> withoutDuplicates(List<String> existing, List<String> added) {
        LinkedHashSet<String> all = new LinkedHashSet<>(existing);
        if (added != null) {
            all.addAll(added);
        }
        return new ArrayList<>(all);
    }

    /** Options by name; the pod's replace the base's of the same name. */
    private static List<String> mergeOptions(List<String> existing, List<PodDNSConfigOption> podOptions) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String option : existing) {
            int colon = option.indexOf(':');
            if (colon >= 0) {
                byName.put(option.substring(0, colon), option.substring(colon + 1));
            } else {
                byName.put(option, "");
            }
        }
        if (podOptions != null) {
            for (PodDNSConfigOption option : podOptions) {
                byName.put(option.getName(), option.getValue() == null ? "" : option.getValue());
            }
        }
        List<String> options = new ArrayList<>();
        byName.forEach((name, value) -> options.add(value.isEmpty() ? name : name + ":" + value));
        return options;
    }

    private static List<String> fitNameservers(List<String> servers, List<WarningEvent> warnings) {
        if (servers.size() <= MAX_NAMESERVERS) {
            return servers;
        }
        List<String> kept = new ArrayList<>(servers.subList(0, MAX_NAMESERVERS));
        warnings.add(WarningEvent.aboutPod(
                "DNSConfigForming",
                "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: "
                        + String.join(" ", kept)));
        return kept;
    }

    private static List<String> fitSearches(List<String> searches, List<WarningEvent> warnings) {
        boolean exceeded = false;
        List<String> kept = new ArrayList<>(searches);
        if (kept.size() > MAX_SEARCH_PATHS) {
            kept = new ArrayList<>(kept.subList(0, MAX_SEARCH_PATHS));
            exceeded = true;
        }
        // some resolvers (glibc 2.28) abort on a search path longer than 255 characters
        if (kept.removeIf(search -> search.length() > MAX_SEARCH_PATH_LENGTH)) {
            exceeded = true;
        }
        int lineLength = String.join(" ", kept).length();
        if (lineLength > MAX_SEARCH_LIST_CHARS) {
            int cut = 0;
            int cutLength = 0;
            for (int i = kept.size() - 1; i >= 0; i--) {
                cutLength += kept.get(i).length() + 1;
                cut++;
                if (lineLength - cutLength <= MAX_SEARCH_LIST_CHARS) {
                    break;
                }
            }
            kept = new ArrayList<>(kept.subList(0, kept.size() - cut));
            exceeded = true;
        }
        if (exceeded) {
            warnings.add(WarningEvent.aboutPod(
                    "DNSConfigForming",
                    "Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
                            + String.join(" ", kept)));
        }
        return kept;
    }
}
