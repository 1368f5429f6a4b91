package io.skiff.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.proxy.testing.Objects;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** iptables mode: the rules land in the node namespace's nat and filter tables, never the host's. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IptablesProxyIntegrationTest extends ProxyScenario {

    @Override
    String mode() {
        return "iptables";
    }

    @Test
    void theRulesAreKubeProxysChainsInTheNodeNamespace() throws Exception {
        createService(io.skiff.proxy.testing.Objects.service(NAMESPACE, "seen", "10.96.0.60", "http", 80)
                .build());
        createSlice(io.skiff.proxy.testing.Objects.slice(NAMESPACE, "seen", "seen-1", "http", 8080, POD1)
                .build());
        awaitAnswer(() -> lab.getFromClient("http://10.96.0.60/"), NetnsLab.Answer::ok, "the cluster IP answers");

        String nat = lab.inNode("iptables-save", "-t", "nat").output();
        assertThat(nat)
                .contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES")
                .contains("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES")
                .contains("--comment \"proxy-it/seen:http cluster IP\"")
                .contains("--to-destination 10.244.0.11:8080")
                .contains("-j KUBE-MARK-MASQ");
        assertThat(lab.inNode("ip", "route", "get", "10.96.0.99").output())
                .as("an unprogrammed service address stays on the node's discarding device")
                .contains("dev skiff-svc0");
        assertThat(lab.inNode("sysctl", "-n", "net.bridge.bridge-nf-call-iptables")
                        .output()
                        .strip())
                .isEqualTo("1");
        assertThat(actuator("/actuator/prometheus"))
                .as("after the first full sync, changes are applied by partial syncs")
                .containsPattern("kubeproxy_sync_partial_proxy_rules_duration_seconds_count(\\{[^}]*})? [1-9]");
    }

    @Test
    void theHealthCheckNodePortTellsWhetherTheNodeHasLocalEndpoints() {
        createService(localLoadBalancer("hc", "10.96.0.70", 30090, 30091));
        createSlice(Objects.slice(NAMESPACE, "hc", "hc-1", "http", 8080)
                .withEndpoints(onNode(Objects.endpoint(POD1, true, true, false), "node2"))
                .build());
        String url = "http://" + NetnsLab.NODE_ADDRESS + ":30091/healthz";

        HttpAnswer elsewhere = awaitHttp(url, a -> a.status() == 503, "503 while the only endpoint is on node2");
        assertThat(elsewhere.body())
                .contains("\"namespace\": \"" + NAMESPACE + "\"")
                .contains("\"name\": \"hc\"")
                .contains("\"localEndpoints\": 0")
                .contains("\"serviceProxyHealthy\": true");

        replaceSliceEndpoints("hc-1", onNode(Objects.endpoint(POD1, true, true, false), "node1"));
        HttpAnswer here = awaitHttp(url, a -> a.status() == 200, "200 once the endpoint is on this node");
        assertThat(here.body()).contains("\"localEndpoints\": 1");
        assertThat(lab.inNode("iptables-save", "-t", "filter").output())
                .contains("-A KUBE-NODEPORTS -p tcp -m comment --comment \"" + NAMESPACE
                        + "/hc:http health check node port\" -m tcp --dport 30091 -j ACCEPT");
    }

    @Test
    void loadBalancerSourceRangesAdmitOnlyTheirClients() {
        String loadBalancerIp = "10.251.0.7";
        // A VIP-like load balancer: the node holds the address (inside the lab's node namespace).
        assertThat(lab.inNode("ip", "addr", "add", loadBalancerIp + "/32", "dev", "lo")
                        .exitCode())
                .isZero();
        Service service = Objects.nodePort(
                Objects.service(NAMESPACE, "fw", "10.96.0.71", "http", 80).build(), 30092);
        service.getSpec().setType("LoadBalancer");
        service.getSpec().setLoadBalancerSourceRanges(List.of("10.250.0.0/24"));
        createService(service);
        patchService(
                "fw/status", "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"" + loadBalancerIp + "\"}]}}}");
        createSlice(Objects.slice(NAMESPACE, "fw", "fw-1", "http", 8080, POD1).build());

        NetnsLab.Answer allowed = awaitAnswer(
                () -> lab.getFromClient("http://" + loadBalancerIp + "/"),
                NetnsLab.Answer::ok,
                "the client, inside a source range, reaches the load-balancer IP");
        assertThat(allowed.body()).isEqualTo("pod1");

        patchService("fw", "{\"spec\":{\"loadBalancerSourceRanges\":[\"10.99.0.0/16\"]}}");
        NetnsLab.Answer refused = awaitAnswer(
                () -> lab.getFromClient("http://" + loadBalancerIp + "/"),
                a -> !a.ok(),
                "the client, outside every source range, is dropped");
        assertThat(refused.millis())
                .as("dropped, not rejected: the client waits")
                .isGreaterThan(2000);
        assertThat(lab.inNode("iptables-save", "-t", "filter").output())
                .contains("-A KUBE-PROXY-FIREWALL -d 10.251.0.7/32 -p tcp -m comment --comment \"" + NAMESPACE
                        + "/fw:http traffic not accepted by KUBE-FW-");
        assertThat(lab.getFromClient("http://" + NetnsLab.NODE_ADDRESS + ":30092/")
                        .body())
                .as("NodePorts are not subject to loadBalancerSourceRanges")
                .isEqualTo("pod1");
    }

    @Test
    void aNodePortAnswersOnLocalhostAsKubeProxysDefault() {
        createService(Objects.nodePort(
                Objects.service(NAMESPACE, "lo", "10.96.0.72", "http", 80).build(), 30093));
        createSlice(Objects.slice(NAMESPACE, "lo", "lo-1", "http", 8080, POD2).build());

        NetnsLab.Answer answer = awaitAnswer(
                () -> lab.getFromNode("http://127.0.0.1:30093/"), NetnsLab.Answer::ok, "the NodePort on 127.0.0.1");
        assertThat(answer.body()).isEqualTo("pod2");
        assertThat(lab.inNode("sysctl", "-n", "net.ipv4.conf.all.route_localnet")
                        .output()
                        .strip())
                .isEqualTo("1");
        assertThat(lab.inNode("iptables-save", "-t", "filter").output())
                .contains("-A INPUT -j KUBE-FIREWALL")
                .contains("-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming"
                        + " localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    }

    @Test
    void aUdpFlowFollowsItsServiceWhenItsEndpointChanges() throws Exception {
        assumeConntrack();
        try (UdpPeers.Responder one = new UdpPeers.Responder(lab.namespacePath("pod1"), 5353, "pod1");
                UdpPeers.Responder two = new UdpPeers.Responder(lab.namespacePath("pod2"), 5353, "pod2");
                UdpPeers.Client client = new UdpPeers.Client(lab.namespacePath("client"), 40053)) {
            createService(udpService("udp", "10.96.0.80"));
            createSlice(udpSlice("udp", "udp-1", POD1));
            awaitRule("-t", "nat", "--to-destination " + POD1 + ":5353");
            assertThat(awaitUdp(client, "10.96.0.80", "pod1"))
                    .as("the UDP service answers from pod1")
                    .isTrue();

            // pod1 keeps answering; only the EndpointSlice changes. The client keeps its source
            // port, so without the cleanup its flow would stay DNATed to pod1 until it expired.
            replaceSliceEndpoints("udp-1", Objects.endpoint(POD2, true, true, false));
            assertThat(awaitUdp(client, "10.96.0.80", "pod2"))
                    .as("the flow's stale conntrack entry is deleted and it moves to pod2")
                    .isTrue();
            for (int i = 0; i < 5; i++) {
                assertThat(client.ask("10.96.0.80", 53)).isEqualTo("pod2");
            }
            assertThat(lab.inNode("conntrack", "-L", "-p", "udp", "--orig-dst", "10.96.0.80")
                            .output())
                    .doesNotContain("src=" + POD1);
        }
    }

    @Test
    void aUdpFlowThatBeganBeforeTheServiceWasProgrammedReachesItsFirstEndpoint() throws Exception {
        assumeConntrack();
        try (UdpPeers.Responder one = new UdpPeers.Responder(lab.namespacePath("pod1"), 5354, "pod1");
                UdpPeers.Client client = new UdpPeers.Client(lab.namespacePath("client"), 40054)) {
            // A client asking before the Service exists (a resolver started before cluster DNS):
            // its datagram dies on the service-range device, leaving a flow that is not DNATed,
            // which every retry from the same port keeps alive.
            awaitServiceRangeRoute();
            assertThat(client.ask("10.96.0.81", 53)).isNull();
            assertThat(lab.inNode("conntrack", "-L", "-p", "udp", "--orig-dst", "10.96.0.81")
                            .output())
                    .contains("dport=53");

            createService(udpService("udp-first", "10.96.0.81"));
            EndpointSlice slice = udpSlice("udp-first", "udp-first-1", POD1);
            slice.getPorts().get(0).setPort(5354);
            createSlice(slice);
            assertThat(awaitUdp(client, "10.96.0.81", "pod1"))
                    .as("the flow's entry without DNAT is deleted once the Service has an endpoint")
                    .isTrue();
        }
    }

    private void awaitServiceRangeRoute() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (lab.inNode("ip", "route", "get", "10.96.0.81").output().contains("dev skiff-svc0")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the service range is not routed to skiff-svc0 within 20 s");
    }

    private static void assumeConntrack() {
        Assumptions.assumeTrue(
                NetnsLab.installed("conntrack"),
                "SKIPPED: the conntrack command (Debian package conntrack) is not installed");
    }

    private static Service udpService(String name, String clusterIp) {
        Service service = Objects.service(NAMESPACE, name, clusterIp, "dns", 53).build();
        service.getSpec().getPorts().get(0).setProtocol("UDP");
        return service;
    }

    private static EndpointSlice udpSlice(String service, String name, String ip) {
        EndpointSlice slice =
                Objects.slice(NAMESPACE, service, name, "dns", 5353, ip).build();
        slice.getPorts().get(0).setProtocol("UDP");
        return slice;
    }

    /** Waits (20 s at most) until the node's iptables-save of {@code table} holds {@code text}. */
    private void awaitRule(String tableFlag, String table, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; i < 100 && System.nanoTime() < deadline; i++) {
            if (lab.inNode("iptables-save", tableFlag, table).output().contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no rule with " + text + " in the " + table + " table within 20 s");
    }

    /** Asks until {@code expected} answers, within 15 s and 150 questions. */
    private static boolean awaitUdp(UdpPeers.Client client, String ip, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (int i = 0; i < 150 && System.nanoTime() < deadline; i++) {
            if (expected.equals(client.ask(ip, 53))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static Service localLoadBalancer(String name, String clusterIp, int nodePort, int healthCheckNodePort) {
        Service service = Objects.nodePort(
                Objects.service(NAMESPACE, name, clusterIp, "http", 80).build(), nodePort);
        service.getSpec().setType("LoadBalancer");
        service.getSpec().setExternalTrafficPolicy("Local");
        service.getSpec().setHealthCheckNodePort(healthCheckNodePort);
        return service;
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint onNode(
            io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint, String node) {
        endpoint.setNodeName(node);
        return endpoint;
    }

    /** An HTTP status and body, whatever the status. */
    record HttpAnswer(int status, String body) {}

    private HttpAnswer awaitHttp(String url, java.util.function.Predicate<HttpAnswer> done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        HttpAnswer last = null;
        for (int i = 0; i < 100 && System.nanoTime() < deadline; i++) {
            NetnsLab.Result result = lab.inClient("curl", "-s", "--max-time", "2", "-w", "\n%{http_code}", url);
            String output = result.output();
            int newline = output.lastIndexOf('\n');
            int status = 0;
            try {
                status = Integer.parseInt(output.substring(newline + 1).strip());
            } catch (NumberFormatException e) {
                // No answer yet.
            }
            last = new HttpAnswer(status, newline < 0 ? "" : output.substring(0, newline));
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("not within 20 s: " + what + "; last answer " + last);
    }
}
