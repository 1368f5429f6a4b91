package io.skiff.proxy.conntrack;

import io.skiff.proxy.servicemap.Endpoint;
import io.skiff.proxy.servicemap.ProxySnapshot;
import io.skiff.proxy.servicemap.ServicePortInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which UDP flows are stale, as kube-proxy's conntrack.CleanStaleEntries decides: a flow addressed
 * to a UDP service address (cluster IP, external IP or load-balancer IP, and port) or to a UDP
 * NodePort, whose answers come from an address that is not one of the Service's serving endpoints
 * (an endpoint that went away, or no DNAT at all because the flow began before the Service had
 * endpoints). Without the cleanup UDP clients, which keep their source port, go on sending to the
 * old destination until the entry times out. Services without serving endpoints are left alone;
 * traffic policies and terminating state are not considered, as for TCP, whose flows survive
 * endpoint changes too.
 */
final class StaleUdpFlows {

    private StaleUdpFlows() {}

    /** The deletions that remove the stale flows among {@code entries}, each once. */
    static List<Deletion> find(ProxySnapshot snapshot, List<ConntrackEntry> entries) {
        Map<String, Set<String>> byServiceAddress = new HashMap<>();
        Map<Integer, Set<String>> byNodePort = new HashMap<>();
        for (ServicePortInfo service : snapshot.services().values()) {
            if (!service.protocol().equals("UDP")) {
                continue;
            }
            Set<String> serving = new HashSet<>();
            for (Endpoint endpoint : snapshot.endpointsOf(service.name())) {
                if (endpoint.serving()) {
                    serving.add(endpoint.ip());
                }
            }
            if (serving.isEmpty()) {
                continue;
            }
            List<String> addresses = new ArrayList<>();
            addresses.add(service.clusterIp());
            addresses.addAll(service.loadBalancerIps());
            addresses.addAll(service.externalIps());
            for (String address : addresses) {
                byServiceAddress.put(address + ":" + service.port(), serving);
            }
            if (service.nodePort() != 0) {
                byNodePort.put(service.nodePort(), serving);
            }
        }
        Set<Deletion> deletions = new LinkedHashSet<>();
        for (ConntrackEntry entry : entries) {
            Set<String> serving =
                    byServiceAddress.get(entry.originalDestination() + ":" + entry.originalDestinationPort());
            if (serving != null && !serving.contains(entry.replySource())) {
                deletions.add(new Deletion(
                        entry.originalDestination(), entry.originalDestinationPort(), entry.replySource()));
            }
            serving = byNodePort.get(entry.originalDestinationPort());
            if (serving != null && !serving.contains(entry.replySource())) {
                deletions.add(new Deletion(null, entry.originalDestinationPort(), entry.replySource()));
            }
        }
        return List.copyOf(deletions);
    }

    /**
     * One {@code conntrack -D}: UDP flows to {@code originalDestination} (any address when null)
     * and {@code originalDestinationPort} answered by {@code replySource}.
     */
    record Deletion(String originalDestination, int originalDestinationPort, String replySource) {

        List<String> arguments() {
            List<String> words = new ArrayList<>(List.of("-D", "-p", "udp"));
            if (originalDestination != null) {
                words.addAll(List.of("--orig-dst", originalDestination));
            }
            words.addAll(
                    List.of("--orig-port-dst", Integer.toString(originalDestinationPort), "--reply-src", replySource));
            return words;
        }
    }
}
